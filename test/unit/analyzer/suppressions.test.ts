import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import type { Finding, RuleId } from '../../../src/core/analyzer/finding';
import { computeLineStarts, rangeFromOffsets } from '../../../src/core/syntax/positions';
import { applySuppressions, parseIgnoreComments } from '../../../src/core/analyzer/suppressions';

/** A finding on the first occurrence of `needle` in `text`. */
function findingAt(text: string, needle: string, rule: RuleId = 'scan'): Finding {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture lacks ${needle}`);
  return {
    rule,
    severity: 'warning',
    confidence: 'high',
    file: 'a.ts',
    message: 'm',
    table: 'T',
    ...rangeFromOffsets(computeLineStarts(text), offset, offset + needle.length),
  };
}

test('next-line comment with a reason suppresses the finding below it and keeps it with a justification', () => {
  const text =
    'x;\n// dynamo-guard-ignore-next-line scan -- nightly export reads all rows\nawait c.send(new ScanCommand(p));\n';
  const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.suppression, { kind: 'inSource', justification: 'nightly export reads all rows' });
});

test('same-line comment suppresses a finding on its own line, in // and /* */ forms', () => {
  for (const comment of [
    '// dynamo-guard-ignore-line scan -- tiny table',
    '/* dynamo-guard-ignore-line scan -- tiny table */',
  ]) {
    const text = `await c.send(new ScanCommand(p)); ${comment}\n`;
    const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
    assert.equal(out.length, 1, comment);
    assert.equal(out[0]!.suppression?.justification, 'tiny table');
  }
});

test('block comment spanning lines suppresses the line after its end', () => {
  const text = '/* dynamo-guard-ignore-next-line scan --\n   admin-only report */\nnew ScanCommand(p);\n';
  const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
  assert.equal(out[0]!.suppression?.justification, 'admin-only report');
});

test('one comment suppresses several comma-separated rules', () => {
  const text =
    '// dynamo-guard-ignore-next-line scan, single-value-partition-key -- seed script\nput(new ScanCommand({ PK: "X" }));\n';
  const out = applySuppressions('a.ts', text, [
    findingAt(text, 'ScanCommand'),
    findingAt(text, '"X"', 'single-value-partition-key'),
  ]);
  assert.equal(out.length, 2);
  assert.ok(out.every((f) => f.suppression !== undefined));
});

test('a suppression without a reason does not suppress and is reported', () => {
  const text = '// dynamo-guard-ignore-next-line scan\nnew ScanCommand(p);\n';
  const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
  assert.equal(out.find((f) => f.rule === 'scan')?.suppression, undefined);
  const report = out.find((f) => f.rule === 'unused-suppression');
  assert.ok(report);
  assert.match(report.message, /no reason/);
  assert.equal(report.line, 1);
});

test('a suppression that silences nothing is reported as unused at info severity', () => {
  const text = '// dynamo-guard-ignore-next-line scan -- was a scan once\nconst x = 1;\nnew ScanCommand(p);\n';
  const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
  assert.equal(out.find((f) => f.rule === 'scan')?.suppression, undefined);
  const unused = out.filter((f) => f.rule === 'unused-suppression');
  assert.equal(unused.length, 1);
  assert.equal(unused[0]!.severity, 'info');
  assert.equal(unused[0]!.line, 1);
  assert.equal(unused[0]!.column, 1);
  assert.match(unused[0]!.message, /Unused suppression/);
});

test('only the rule named is suppressed; other rules on the line still report', () => {
  const text = '// dynamo-guard-ignore-next-line scan -- reason\nput({ PK: "X" });\n';
  const out = applySuppressions('a.ts', text, [findingAt(text, '"X"', 'single-value-partition-key')]);
  assert.equal(out.find((f) => f.rule === 'single-value-partition-key')?.suppression, undefined);
  assert.equal(out.filter((f) => f.rule === 'unused-suppression').length, 1);
});

test('an unknown rule name is reported', () => {
  const text = '// dynamo-guard-ignore-line scna -- typo\n';
  const out = applySuppressions('a.ts', text, []);
  assert.equal(out.length, 1);
  assert.match(out[0]!.message, /unknown rule `scna`/);
});

test('unused-suppression reports follow its configured severity and disappear when it is off', () => {
  const text = '// dynamo-guard-ignore-line scan -- reason\n';
  assert.equal(
    applySuppressions('a.ts', text, [], { severities: { 'unused-suppression': 'warning' } })[0]!.severity,
    'warning',
  );
  assert.equal(applySuppressions('a.ts', text, [], { severities: { 'unused-suppression': 'off' } }).length, 0);
  assert.equal(applySuppressions('a.ts', text, [], { severities: { scan: 'off' } }).length, 0);
});

test('parses rules and reason from the comment body', () => {
  const [c] = parseIgnoreComments(
    '  // dynamo-guard-ignore-next-line scan,single-value-partition-key  --  because  \n',
  );
  assert.deepEqual(c?.rules, ['scan', 'single-value-partition-key']);
  assert.equal(c?.reason, 'because');
  assert.equal(c?.targetLine, 2);
  assert.equal(c?.column, 3);
});

test('text without the marker is returned unchanged', () => {
  const text = 'new ScanCommand(p);\n';
  const f = findingAt(text, 'ScanCommand');
  assert.deepEqual(applySuppressions('a.ts', text, [f]), [f]);
});

test('a next-line directive inside a string or template literal does not suppress the finding below it', () => {
  for (const literal of [
    '"// dynamo-guard-ignore-next-line scan -- x"',
    "'/* dynamo-guard-ignore-next-line scan -- x */'",
    '`// dynamo-guard-ignore-next-line scan -- ${why}`',
  ]) {
    const text = `const s = ${literal};\nawait c.send(new ScanCommand(p));\n`;
    const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
    assert.equal(out.length, 1, literal);
    assert.equal(out[0]!.suppression, undefined, literal);
    assert.deepEqual(parseIgnoreComments(text), [], literal);
  }
});

test('a same-line directive inside a string does not suppress, but a real comment after it on that line does', () => {
  const fake = 'await c.send(new ScanCommand(p)); log("// dynamo-guard-ignore-line scan -- x");\n';
  assert.equal(applySuppressions('a.ts', fake, [findingAt(fake, 'ScanCommand')])[0]!.suppression, undefined);
  const real =
    'await c.send(new ScanCommand(p)); log("// dynamo-guard-ignore-line scan -- x"); // dynamo-guard-ignore-line scan -- tiny table\n';
  const out = applySuppressions('a.ts', real, [findingAt(real, 'ScanCommand')]);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.suppression?.justification, 'tiny table');
});

test('JSX text that spells a directive does not suppress; a JSX comment does', () => {
  const fake = 'const v = <p>// dynamo-guard-ignore-next-line scan -- x</p>;\nnew ScanCommand(p);\n';
  assert.equal(applySuppressions('a.tsx', fake, [findingAt(fake, 'ScanCommand')])[0]!.suppression, undefined);
  const real = 'const v = <p>{/* dynamo-guard-ignore-next-line scan -- docs example */}</p>;\nnew ScanCommand(p);\n';
  assert.equal(
    applySuppressions('a.tsx', real, [findingAt(real, 'ScanCommand')])[0]!.suppression?.justification,
    'docs example',
  );
});

test('real comments next to code still suppress in both forms: next-line and same-line, // and /* */', () => {
  const text = [
    'const label = "scan";',
    '// dynamo-guard-ignore-next-line scan -- nightly export',
    'await c.send(new ScanCommand(a));',
    '/* dynamo-guard-ignore-next-line scan -- admin report */',
    'await c.send(new ScanCommand(b));',
    'await c.send(new ScanCommand(c)); // dynamo-guard-ignore-line scan -- tiny table',
    'await c.send(new ScanCommand(d)); /* dynamo-guard-ignore-line scan -- seed data */',
    '',
  ].join('\n');
  const findings = ['ScanCommand(a)', 'ScanCommand(b)', 'ScanCommand(c)', 'ScanCommand(d)'].map((n) =>
    findingAt(text, n),
  );
  const out = applySuppressions('a.ts', text, findings);
  assert.deepEqual(
    out.map((f) => f.suppression?.justification),
    ['nightly export', 'admin report', 'tiny table', 'seed data'],
  );
});

test("the analyzer's tree of this very text spares a parse; a tree of another text is not trusted", () => {
  const text = 'await c.send(new ScanCommand(p)); // dynamo-guard-ignore-line scan -- tiny table\n';
  const own = ts.createSourceFile('a.ts', text, ts.ScriptTarget.Latest, true);
  assert.ok(applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')], { sourceFile: own })[0]!.suppression);
  // A stale tree (the directive in a string there) must not decide where this text's comments are.
  const stale = ts.createSourceFile(
    'a.ts',
    'await c.send(new ScanCommand(p)); log("// dynamo-guard-ignore-line scan -- tiny table");\n',
    ts.ScriptTarget.Latest,
    true,
  );
  assert.ok(applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')], { sourceFile: stale })[0]!.suppression);
});

test('a text nested too deeply to parse silences nothing and leaves its findings as they are, without throwing', () => {
  // The analysis of such a text fails with an analysis-error finding; that finding must survive.
  const text = `// dynamo-guard-ignore-next-line scan -- fine\nexport const x = ${'(\n'.repeat(100_000)}1${')'.repeat(100_000)};\n`;
  const failed: Finding = {
    rule: 'analysis-error',
    severity: 'error',
    confidence: 'high',
    file: 'deep.ts',
    message: 'skipped',
    ...rangeFromOffsets(computeLineStarts(text), 0, 10),
  };
  assert.deepEqual(parseIgnoreComments(text), []);
  assert.deepEqual(applySuppressions('deep.ts', text, [failed]), [failed]);
});

test('an ignore comment written as a JSDoc block suppresses like any other comment', () => {
  const text =
    'x;\n/** dynamo-guard-ignore-next-line scan -- nightly export reads all rows */\nawait c.send(new ScanCommand(p));\n';
  const out = applySuppressions('a.ts', text, [findingAt(text, 'ScanCommand')]);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.suppression, { kind: 'inSource', justification: 'nightly export reads all rows' });
});
