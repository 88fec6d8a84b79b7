// Activation bench: activates the packaged extension in a real VS Code host (code-server) several
// times and prints its activation time against the peer measured in the same host and run: loading
// the AWS and analyzer bundles that activation deliberately defers.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const root = path.resolve(__dirname, '..');
const samples: {
  totalMs: number;
  activateMs: number;
  wallMs: number;
  awsBundleLoadMs: number;
  analyzerBundleLoadMs: number;
}[] = [];
for (let i = 0; i < runs; i++) {
  const out = path.join(os.tmpdir(), `dg-activation-${process.pid}-${i}.json`);
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'scripts/host/runExtensionTests.ts'),
      '--result',
      path.join(os.tmpdir(), `dg-activation-result-${i}.json`),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DYNAMO_GUARD_TEST_GREP: 'activates without loading', DYNAMO_GUARD_BENCH_OUT: out },
    },
  );
  samples.push(JSON.parse(fs.readFileSync(out, 'utf8')) as (typeof samples)[number]);
  fs.rmSync(out, { force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const act = median(samples.map((s) => s.totalMs));
const aws = median(samples.map((s) => s.awsBundleLoadMs));
const analyzer = median(samples.map((s) => s.analyzerBundleLoadMs));
console.log(
  `activation (real VS Code host, median of ${runs}): ${act.toFixed(1)} ms of our code (activate() alone ${median(samples.map((s) => s.activateMs)).toFixed(2)} ms); wall from bundle load to activated, host work included: ${median(samples.map((s) => s.wallMs)).toFixed(1)} ms`,
);
console.log(
  `peer, same host and run: loading the deferred bundles would add aws.js ${aws.toFixed(1)} ms + analyzer.js ${analyzer.toFixed(1)} ms`,
);
const wall = median(samples.map((s) => s.wallMs));
console.log(
  `ratio: loading them at activation would make the wall time ${((wall + aws + analyzer) / wall).toFixed(1)}x longer; target < 100 ms (wall, the stricter figure): ${wall < 100 ? 'met' : 'NOT met'}`,
);
