import fs from 'node:fs';
import path from 'node:path';
import { databaseForTests, openCore } from '../../src/core/core.ts';
import { CHECK_AT_OPEN_MAX_BYTES, DATABASE_FILE } from '../../src/core/store/database.ts';
import { MemorySecrets } from './memory-secrets.ts';

/**
 * A real Burnrate database in `home` over CHECK_AT_OPEN_MAX_BYTES (so the open does not read
 * it all), with its bulk in a table of its own at the end of the file. `damaged` scribbles
 * over pages of that table: the app's own tables stay readable, as when a disk fails in old
 * history. Returns the file's bytes.
 */
export function largeDatabase(home: string, { damaged }: { damaged: boolean }): Buffer {
  const file = path.join(home, DATABASE_FILE);
  const core = openCore({ home, secrets: new MemorySecrets() });
  const db = databaseForTests(core);
  db.exec('CREATE TABLE filler (x TEXT)');
  const insert = db.prepare('INSERT INTO filler VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 30_000; i++) insert.run('x'.repeat(200));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  const bytes = fs.readFileSync(file);
  if (bytes.length <= CHECK_AT_OPEN_MAX_BYTES) throw new Error(`the database is only ${bytes.length} bytes`);
  if (damaged) {
    bytes.fill(0xa5, bytes.length - 10 * 4096, bytes.length - 2 * 4096);
    fs.writeFileSync(file, bytes);
  }
  return bytes;
}
