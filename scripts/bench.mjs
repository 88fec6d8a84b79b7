// `npm run bench [name...]`: runs the benchmarks in bench/ (each a .ts file, through tsx) one after
// another and prints their figures. With names, runs only those (`npm run bench -- analyzerVsEslint`).
// realCorpus and pythonThroughput read local git snapshots of public repositories (DYNAMO_GUARD_REAL_CORPUS,
// see bench/python-corpus/README.md); without them they say so and measure nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  // Helper modules the benchmarks import are not benchmarks themselves.
  .filter((name) => !['corpus', 'bigModule', 'realCorpusMatch'].includes(name))
  .sort();
const chosen = wanted.length > 0 ? wanted : all;
let failed = 0;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark ${name}; available: ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n##### bench/${name}.ts`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, `${name}.ts`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
