import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { learnProjectWrappers } from '../../../src/core/analyzer/projectWrappers';
import type { FileJob } from '../../../src/core/analyzer/projectFileJob';

// reports.ts calls listOrders (orders.ts), which scans; handler.ts only calls weeklyReport.
const ORDERS: FileJob = {
  file: '/p/src/orders.ts',
  text: "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport async function listOrders(client) {\n  return client.send(new ScanCommand({ TableName: 'orders' }));\n}\n",
};
const REPORTS: FileJob = {
  file: '/p/src/reports.ts',
  text: "import { listOrders } from './orders';\n// dynamodb\nexport async function weeklyReport(client) {\n  return (await listOrders(client)).Items;\n}\n",
};
const HANDLER: FileJob = {
  file: '/p/src/handler.ts',
  text: "import { weeklyReport } from './reports';\nexport const handler = async () => weeklyReport(undefined);\n",
};
const OTHER: FileJob = { file: '/p/src/util.ts', text: 'export const add = (a, b) => a + b;\n' };

const fresh = (job: FileJob): FileJob => ({ file: job.file, text: job.text });

test('wrapper names do not depend on the order the files come in', () => {
  const forward = learnProjectWrappers([fresh(ORDERS), fresh(REPORTS)], [fresh(HANDLER), fresh(OTHER)]);
  const backward = learnProjectWrappers([fresh(REPORTS), fresh(ORDERS)], [fresh(OTHER), fresh(HANDLER)]);
  assert.deepEqual(forward.names, ['handler', 'listOrders', 'weeklyReport']);
  assert.deepEqual(backward.names, forward.names, 'a caller seen before its callee is still a wrapper');
  assert.deepEqual(
    backward.admitted.map((j) => j.file),
    [HANDLER.file],
  );
  assert.deepEqual(
    backward.rejected.map((j) => j.file),
    [OTHER.file],
  );
});

test('a file admitted for calling a wrapper makes its own callers wrappers, over several rounds', () => {
  const step = (i: number): FileJob => ({
    file: `/p/src/step${i}.ts`,
    text: `import { step${i - 1}Work } from './step${i - 1}';\nexport async function step${i}Work() {\n  return step${i - 1}Work();\n}\n`,
  });
  const deferred = [5, 4, 3, 2, 1].map(step);
  const first: FileJob = {
    file: '/p/src/step0.ts',
    text: "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport async function step0Work(c) {\n  return c.send(new ScanCommand({ TableName: 't' }));\n}\n",
  };
  const result = learnProjectWrappers([first], deferred);
  assert.deepEqual(result.names, ['step0Work', 'step1Work', 'step2Work', 'step3Work', 'step4Work', 'step5Work']);
  assert.equal(result.rejected.length, 0);
});
