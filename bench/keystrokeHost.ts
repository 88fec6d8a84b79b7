// Keystroke-to-diagnostic latency in the real host (code-server), through the host launcher: edits a
// 3,000-line file through the editor API and times each edit until its diagnostics are published,
// as shipped (debounce included); the analyzer alone, incremental against a full re-parse of every
// version (the peer), in the same host and run. Prints medians, p95 and ratios; asserts nothing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeystrokeBenchResult } from './host/keystroke.bench';

const root = path.resolve(__dirname, '..');
const out = path.join(os.tmpdir(), `dg-keystroke-${process.pid}.json`);
const result = path.join(os.tmpdir(), `dg-keystroke-result-${process.pid}.json`);
try {
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'scripts/host/runExtensionTests.ts'),
      '--suites',
      'bench/host',
      '--result',
      result,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DYNAMO_GUARD_TEST_GREP: 'keystroke bench', DYNAMO_GUARD_BENCH_OUT: out },
    },
  );
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as KeystrokeBenchResult;
  const quantile = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const line = (label: string, xs: number[]) =>
    `${label}: median ${fmt(quantile(xs, 0.5))}, p95 ${fmt(quantile(xs, 0.95))} over ${xs.length} edits`;
  console.log(`file: ${r.lines} lines, edited in the real VS Code host (code-server)`);
  console.log(line('keystroke to diagnostics, as shipped (debounce included)', r.shippedMs));
  console.log(line('analyzer alone, incremental re-analysis               ', r.incrementalMs));
  console.log(line('analyzer alone, full re-parse (peer)                  ', r.fullReparseMs));
  console.log(
    `ratio: full re-parse / incremental = ${(quantile(r.fullReparseMs, 0.5) / quantile(r.incrementalMs, 0.5)).toFixed(1)}x in the analyzer`,
  );
} finally {
  fs.rmSync(out, { force: true });
  fs.rmSync(result, { force: true });
}
