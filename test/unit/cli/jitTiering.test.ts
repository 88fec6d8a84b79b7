import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INTERRUPT_BUDGET, tuneJitForShortRuns } from '../../../src/cli/jitTiering';

test('leaves an optimization budget the user set through node options or NODE_OPTIONS alone', () => {
  assert.equal(tuneJitForShortRuns(['--interrupt-budget=1000'], ''), false);
  assert.equal(tuneJitForShortRuns([], '--max-old-space-size=512 --interrupt-budget=1000'), false);
});

test('raises the budget above V8 default in a fresh process, which keeps running', () => {
  assert.ok(INTERRUPT_BUDGET > 67_584);
  const module = join(__dirname, '../../../src/cli/jitTiering.ts');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { tuneJitForShortRuns } = require(${JSON.stringify(module)});` +
        'const tuned = tuneJitForShortRuns([], "");' +
        'let s = 0; for (let i = 0; i < 1e6; i++) s += i % 7;' +
        'console.log(JSON.stringify({ tuned, s }));',
    ],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { tuned: true, s: 2999997 });
});
