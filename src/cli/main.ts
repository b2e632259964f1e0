#!/usr/bin/env node
// The `burnrate` command. Runs straight from TypeScript on Node >= 22.18 (type stripping),
// so a fresh clone needs no build step: `npm run -s burnrate -- <command>`.
import { run } from './run.ts';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
