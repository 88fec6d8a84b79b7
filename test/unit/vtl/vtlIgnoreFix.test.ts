// The "ignore this line" fix in an AppSync VTL template writes a `##` comment that silences the
// finding, and merges into one already above the line.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySuppressions } from '../../../src/core/analyzer/suppressions';
import { ignoreFindingEdit } from '../../../src/core/fixes/fixes';
import { applyEdits } from '../../../src/core/fixes/textEdits';
import { analyzeVtl } from '../../../src/core/vtl/analyzeVtl';

const FILE = '/repo/resolvers/Query.listAll.req.vtl';
const TEMPLATE = ['{', '  "version": "2018-05-29",', '  "operation": "Scan"', '}', ''].join('\n');

function silenced(text: string): boolean {
  const { findings } = analyzeVtl(FILE, text, { tables: [] });
  return applySuppressions(FILE, text, findings).every((f) => f.suppression !== undefined);
}

test('writes a ## comment with the reason above the Scan, at its indentation, which silences it', () => {
  const [finding] = analyzeVtl(FILE, TEMPLATE, { tables: [] }).findings;
  assert.equal(finding?.rule, 'scan');
  assert.ok(finding);
  const edit = ignoreFindingEdit(FILE, TEMPLATE, finding, ' admin export,\n a few hundred items ');
  const out = applyEdits(TEMPLATE, edit ? [edit] : []);
  assert.equal(
    out,
    TEMPLATE.replace(
      '  "operation"',
      '  ## dynamo-guard-ignore-next-line scan -- admin export, a few hundred items\n  "operation"',
    ),
  );
  assert.equal(silenced(TEMPLATE), false);
  assert.equal(silenced(out), true);
});

test('adds the rule and reason to an ignore comment already above the line', () => {
  const text = TEMPLATE.replace(
    '  "operation"',
    '  ## dynamo-guard-ignore-next-line hot-key-read -- cached\n  "operation"',
  );
  const finding = analyzeVtl(FILE, text, { tables: [] }).findings.find((f) => f.rule === 'scan');
  assert.ok(finding);
  const edit = ignoreFindingEdit(FILE, text, finding, 'admin export');
  assert.equal(
    applyEdits(text, edit ? [edit] : []),
    TEMPLATE.replace(
      '  "operation"',
      '  ## dynamo-guard-ignore-next-line hot-key-read, scan -- cached; admin export\n  "operation"',
    ),
  );
});
