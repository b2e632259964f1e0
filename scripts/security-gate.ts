// Runs @doyensec/electronegativity over src/ and fails on any HIGH or MEDIUM finding that
// is not suppressed with a reason in security/electronegativity-suppressions.json.
// electronegativity itself exits 0 even with findings, so the gate reads its CSV output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// --input and --suppressions exist so the gate itself can be tested on fixtures.
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const inputDir = path.resolve(argValue('--input') ?? path.join(root, 'src'));
const suppressionsFile = path.resolve(
  argValue('--suppressions') ?? path.join(root, 'security/electronegativity-suppressions.json'),
);
const electronVersion = (
  JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;

interface Suppression {
  check: string;
  file: string;
  reason: string;
}
interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  description: string;
}

const config = JSON.parse(fs.readFileSync(suppressionsFile, 'utf8')) as { suppressions: Suppression[] };
for (const s of config.suppressions) {
  if (!s.check || !s.file || !s.reason || s.reason.trim().length < 20) {
    fail(`every suppression needs a check, a file and a one-line reason: ${JSON.stringify(s)}`);
  }
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
const csvFile = path.join(outDir, 'findings.csv');
const bin = path.join(root, 'node_modules/.bin/electronegativity');
// The release-notes check downloads Electron's release list from GitHub, which this
// project's CI cannot reach; Electron is pinned in package.json and upgraded deliberately.
const run = spawnSync(
  bin,
  [
    '-i',
    inputDir,
    '-o',
    csvFile,
    '-r',
    '-v',
    'false',
    '-e',
    electronVersion,
    '-x',
    'AvailableSecurityFixesGlobalCheck',
  ],
  {
    encoding: 'utf8',
    timeout: 120_000,
  },
);
if (run.error) fail(`electronegativity did not run: ${run.error.message}`);
if (!fs.existsSync(csvFile))
  fail(`electronegativity wrote no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);

const findings = parseCsv(fs.readFileSync(csvFile, 'utf8'));
fs.rmSync(outDir, { recursive: true, force: true });

const gating = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
const used = new Set<Suppression>();
const open = gating.filter((f) => {
  const s = config.suppressions.find((x) => x.check === f.check && x.file === f.file);
  if (s) used.add(s);
  return !s;
});

console.log(
  `electronegativity ${electronVersion}: ${findings.length} findings, ${gating.length} HIGH/MEDIUM, ${gating.length - open.length} suppressed with a reason`,
);
for (const s of config.suppressions.filter((x) => !used.has(x))) {
  console.log(`note: suppression no longer needed: ${s.check} in ${s.file}`);
}
if (open.length) {
  for (const f of open) console.error(`${f.severity} ${f.check} ${f.file}:${f.location} — ${f.description}`);
  fail(`${open.length} HIGH/MEDIUM electronegativity finding(s) without a suppression`);
}

function parseCsv(text: string): Finding[] {
  const [header, ...body] = csvRows(text).filter((row) => row.some((cell) => cell !== ''));
  if (!header || header[0] !== 'issue') fail(`unexpected electronegativity report header: ${JSON.stringify(header)}`);
  return body.map((r) => ({
    check: r[0] ?? '',
    severity: (r[1] ?? '').toUpperCase(),
    confidence: r[2] ?? '',
    file: r[3] ?? '',
    location: r[4] ?? '',
    description: r[6] ?? '',
  }));
}

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks (CSP samples do). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell.trim());
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell.trim());
  rows.push(row);
  return rows;
}

function fail(message: string): never {
  console.error(`security gate: ${message}`);
  process.exit(1);
}
