// The "ignore this line" fix on Python findings: a `#` comment above the line, merged with one
// already there, refused where a new line would land inside a string or after a continuation.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applySuppressions } from '../../../src/core/analyzer/suppressions';
import { fixesFor, ignoreFindingEdit } from '../../../src/core/fixes/fixes';
import { applyEdits } from '../../../src/core/fixes/textEdits';
import { findingsOf } from './pythonFixtures';

const SOURCE =
  'import boto3\n\ndef handler():\n    table = boto3.resource("dynamodb").Table("orders")\n    return table.scan()\n';

test('inserts an indented `# dynamo-guard-ignore-next-line` that then silences the finding', async () => {
  const [finding] = await findingsOf(SOURCE);
  assert.ok(finding);
  const edit = ignoreFindingEdit('app.py', SOURCE, finding, 'admin  page');
  assert.ok(edit);
  const fixed = applyEdits(SOURCE, [edit]);
  assert.match(fixed, /\n    # dynamo-guard-ignore-next-line scan -- admin page\n    return table\.scan\(\)/);
  const after = applySuppressions('app.py', fixed, await findingsOf(fixed));
  assert.deepEqual(
    after.map((f) => [f.rule, f.suppression?.justification]),
    [['scan', 'admin page']],
  );
});

test('merges into an ignore comment already on the line above', async () => {
  const source = SOURCE.replace(
    '    return table.scan()',
    '    # dynamo-guard-ignore-next-line single-value-partition-key -- fixed tenant\n    return table.scan()',
  );
  const [finding] = (await findingsOf(source)).filter((f) => f.rule === 'scan');
  assert.ok(finding);
  const edit = ignoreFindingEdit('app.py', source, finding, 'admin page');
  assert.match(
    applyEdits(source, edit ? [edit] : []),
    /# dynamo-guard-ignore-next-line single-value-partition-key, scan -- fixed tenant; admin page\n    return/,
  );
});

test('no ignore comment goes inside a triple-quoted string or after a backslash continuation', async () => {
  const [finding] = await findingsOf(SOURCE);
  assert.ok(finding);
  const inString = 'x = """\n' + SOURCE.slice(0, finding.offset).split('\n').slice(-1)[0] + '"""\n';
  const atString = { ...finding, offset: inString.indexOf('return'), endOffset: inString.indexOf('return') + 6 };
  assert.equal(ignoreFindingEdit('app.py', inString, atString, 'why'), undefined);
  const continued = 'y = 1 + \\\n    2\n';
  const atContinued = { ...finding, offset: continued.indexOf('2'), endOffset: continued.indexOf('2') + 1 };
  assert.equal(ignoreFindingEdit('app.py', continued, atContinued, 'why'), undefined);
});

test('the rewriting fixes (Scan to Query, page loop) are not offered on Python', async () => {
  const [finding] = await findingsOf(SOURCE);
  assert.ok(finding);
  assert.deepEqual(fixesFor('app.py', SOURCE, finding, { tables: [] }), []);
});
