// Keystroke-to-diagnostic latency in the real host (code-server): edits a 3,000-line file through the
// editor API and times each edit until the diagnostics of that version are published, with the
// incremental analyzer and, as the peer in the same host and run, a full re-parse of every version.
// Prints medians, p95 and ratios; asserts nothing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeystrokeSample } from '../test/extension/suite/keystrokeBench.test';

const root = path.resolve(__dirname, '..');
const out = path.join(os.tmpdir(), `dg-keystroke-${process.pid}.json`);
execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/host/runExtensionTests.ts'), '--result', path.join(os.tmpdir(), `dg-keystroke-result-${process.pid}.json`)], {
  cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, DYNAMO_GUARD_TEST_GREP: 'keystroke bench', DYNAMO_GUARD_BENCH_OUT: out },
});
const r = JSON.parse(fs.readFileSync(out, 'utf8')) as { lines: number; edits: number; debounceMs: number; incremental: KeystrokeSample[]; fullReparse: KeystrokeSample[]; shipped: KeystrokeSample[] };
fs.rmSync(out, { force: true });

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const line = (label: string, samples: KeystrokeSample[]) => {
  const latency = samples.map((s) => s.latencyMs);
  const analysis = samples.map((s) => s.analysisMs);
  return `${label}: keystroke to diagnostics median ${fmt(quantile(latency, 0.5))}, p95 ${fmt(quantile(latency, 0.95))} (analyzer alone median ${fmt(quantile(analysis, 0.5))}, p95 ${fmt(quantile(analysis, 0.95))}) over ${samples.length} edits`;
};
console.log(`file: ${r.lines} lines, edited in the real VS Code host (code-server); debounce off unless said`);
console.log(line('incremental re-analysis     ', r.incremental));
console.log(line('full re-parse (peer)        ', r.fullReparse));
console.log(line(`as shipped (${r.debounceMs} ms debounce)`, r.shipped));
const med = (s: KeystrokeSample[], k: keyof KeystrokeSample) => quantile(s.map((x) => x[k]), 0.5);
console.log(`ratio: full re-parse / incremental = ${(med(r.fullReparse, 'latencyMs') / med(r.incremental, 'latencyMs')).toFixed(1)}x keystroke to diagnostics, ${(med(r.fullReparse, 'analysisMs') / med(r.incremental, 'analysisMs')).toFixed(1)}x in the analyzer`);
