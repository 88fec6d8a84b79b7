import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  fingerprintFindings,
  parseBaseline,
  serializeBaseline,
} from '../../../src/core/analyzer/baseline';
import type { Finding } from '../../../src/core/analyzer/finding';
import { computeLineStarts, rangeFromOffsets } from '../../../src/core/syntax/positions';

function scansIn(text: string): Finding[] {
  const out: Finding[] = [];
  const starts = computeLineStarts(text);
  for (let i = text.indexOf('ScanCommand'); i >= 0; i = text.indexOf('ScanCommand', i + 1)) {
    out.push({
      rule: 'scan',
      severity: 'warning',
      confidence: 'high',
      file: 'src/a.ts',
      message: 'scan',
      table: 'Orders',
      ...rangeFromOffsets(starts, i, i + 11),
    });
  }
  return fingerprintFindings(out, text);
}

const byFile = (f: Finding): string => f.file;
const original = 'import x;\nawait c.send(new ScanCommand(a));\nawait c.send(new ScanCommand(a));\n';

test('a written baseline drops the findings it was written from', () => {
  const baseline = parseBaseline(serializeBaseline(createBaseline(scansIn(original), byFile)), 'b.json');
  const { kept, baselined } = applyBaseline(scansIn(original), baseline, byFile);
  assert.deepEqual(kept, []);
  assert.equal(baselined, 2);
});

test('an edit above a baselined finding does not resurrect it', () => {
  const baseline = createBaseline(scansIn(original), byFile);
  const edited =
    '// new header\nimport y;\n\n' +
    original.replace('await c.send(new ScanCommand(a));', '  await   c.send(new ScanCommand(a));');
  assert.deepEqual(applyBaseline(scansIn(edited), baseline, byFile).kept, []);
});

test('a new finding, even on an identical line, is not covered by the baseline', () => {
  const baseline = createBaseline(scansIn(original), byFile);
  const { kept, baselined } = applyBaseline(
    scansIn(original + 'await c.send(new ScanCommand(a));\n'),
    baseline,
    byFile,
  );
  assert.equal(baselined, 2);
  assert.equal(kept.length, 1);
  assert.equal(kept[0]!.line, 4);
});

test('a finding in another file or for another table is not covered', () => {
  const baseline = createBaseline(scansIn(original), byFile);
  const moved = scansIn(original).map((f) => ({ ...f, file: 'src/b.ts' }));
  assert.equal(applyBaseline(moved, baseline, byFile).kept.length, 2);
  const otherTable = fingerprintFindings(
    scansIn(original).map((f) => ({ ...f, table: 'Users' })),
    original,
  );
  assert.equal(applyBaseline(otherTable, baseline, byFile).kept.length, 2);
});

test('suppressed findings are not written to the baseline', () => {
  const findings = scansIn(original).map((f, i) =>
    i === 0 ? { ...f, suppression: { kind: 'inSource' as const, justification: 'r' } } : f,
  );
  assert.equal(createBaseline(findings, byFile).entries.length, 1);
});

test('the serialized baseline carries no line numbers', () => {
  const text = serializeBaseline(createBaseline(scansIn(original), byFile));
  assert.doesNotMatch(text, /"line"/);
  assert.match(text, /"fingerprint"/);
});

test('malformed baselines fail with a message naming the file', () => {
  assert.throws(
    () => parseBaseline('{not json', 'base.json'),
    (e: unknown) => e instanceof BaselineError && /base\.json is not valid JSON/.test(e.message),
  );
  assert.throws(() => parseBaseline('[]', 'base.json'), /not a dynamo-guard baseline/);
  assert.throws(() => parseBaseline('{"version":99,"findings":[]}', 'base.json'), /version 99/);
  assert.throws(() => parseBaseline('{"version":1,"findings":[{"rule":"scan"}]}', 'base.json'), /findings\[0\]/);
});
