import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { Analyzer, analyzeSource, mightMatter } from '../../../src/core/entries/analyzer';
import { ORDERS, readFixture, resolveFixtureModule } from './analyzerFixtures';

const SCAN_SOURCE =
  "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const c = new ScanCommand({ TableName: 'Orders' });\n";

describe('pre-filter', () => {
  it('passes files that mention the SDK, an ORM, a scan or a request field', () => {
    assert.equal(mightMatter("import { ScanCommand } from './db';"), true);
    assert.equal(mightMatter('const params = { TableName: t };'), true);
    assert.equal(mightMatter('await ddb.scan(params).promise();'), true);
    assert.equal(mightMatter("import { Table } from 'dynamodb-toolbox'"), true);
    assert.equal(mightMatter("import x from 'electrodb'"), true);
    assert.equal(mightMatter("const m = dynamoose.model('Order', schema)"), true);
    assert.equal(
      mightMatter(
        "import { Entity } from './electro';\nnew Entity({ indexes: { primary: { pk: { field: 'pk', composite: [] } } } });",
      ),
      true,
    );
    assert.equal(
      mightMatter("export function request(ctx) { return { operation: 'PutItem', key: { pk: { S: 'A' } } }; }"),
      true,
    );
  });
  it('rejects an `operation` field that is no AppSync DynamoDB operation', () => {
    assert.equal(mightMatter("const job = { operation: 'Queue', key: 'a' };"), false);
    assert.equal(mightMatter("log({ operation: 'PutItems' });"), false);
  });
  it('rejects other AWS clients and the word composite outside an ElectroDB key', () => {
    assert.equal(mightMatter("import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';"), false);
    assert.equal(mightMatter("const AWS = require('aws-sdk'); new AWS.S3().putObject(params);"), false);
    assert.equal(mightMatter('if (mapper.type.name === "Composite") return serializeCompositeType(composite);'), false);
  });
  it('rejects look-alike words that are not DynamoDB code (case-aware)', () => {
    assert.equal(mightMatter('for (const scanner of scanners) scanner.stop();'), false);
    assert.equal(mightMatter('program.command("build").action(run);'), false);
    assert.equal(mightMatter('await repo.put({ id }); const Item = 1;'), false);
  });
  it('rejects files that cannot matter, and they are never parsed', () => {
    assert.equal(mightMatter('export const add = (a: number, b: number) => a + b;'), false);
    const r = analyzeSource('math.ts', 'export const add = (a: number, b: number) => a + b;', { tables: [] });
    assert.equal(r.skipped, 'prefilter');
  });
});

describe('robustness', () => {
  it('skips binary and undecodable texts', () => {
    assert.equal(analyzeSource('a.ts', 'Scan\u0000\u0001\u0002', { tables: [] }).skipped, 'binary');
    assert.equal(analyzeSource('a.ts', 'Scan' + '\ufffd'.repeat(100), { tables: [] }).skipped, 'binary');
  });
  it('skips texts above the size limit', () => {
    assert.equal(analyzeSource('a.ts', SCAN_SOURCE, { tables: [], maxFileLength: 10 }).skipped, 'too-large');
  });
  it('reports an analysis-error finding for this file only when the time budget runs out', () => {
    const r = analyzeSource('a.ts', SCAN_SOURCE, { tables: [], timeBudgetMs: -1 });
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]?.rule, 'analysis-error');
    assert.match(r.error ?? '', /time budget/);
  });
  it('survives deep nesting, unterminated templates and half-typed code', () => {
    const deep = 'const x = ' + '['.repeat(20000) + ']'.repeat(20000) + ';\n' + SCAN_SOURCE;
    const r1 = analyzeSource('deep.ts', deep, { tables: [] });
    assert.ok(r1.error !== undefined || r1.findings.some((f) => f.rule === 'scan'));
    const r2 = analyzeSource('t.ts', SCAN_SOURCE + 'const s = `unterminated ${ new ScanCommand({ TableName: `', {
      tables: [],
    });
    assert.equal(r2.error, undefined);
    assert.ok(r2.findings.some((f) => f.rule === 'scan' && f.line === 2));
    const r3 = analyzeSource(
      'h.ts',
      "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nclient.send(new ScanCommand({ TableName: 'Orders', ",
      { tables: [] },
    );
    assert.equal(r3.findings.filter((f) => f.rule === 'scan').length, 1);
  });
  it('a JS file too deeply nested to parse, with a broken JSDoc comment, does not break the files analyzed after it', () => {
    // TypeScript keeps the JSDoc diagnostics of a parse that throws; the next parse of any other
    // file failed on them ("Debug Failure. Expected poison.js === clean.ts"), fresh and incremental.
    const poison = `${SCAN_SOURCE}/** @type {{a: string} */\nvar a;\nexport const x = ${'(\n'.repeat(100_000)}1${')'.repeat(100_000)};\n`;
    assert.match(analyzeSource('poison.js', poison, { tables: [] }).error ?? '', /nested too deeply/);
    const clean = analyzeSource('clean.ts', SCAN_SOURCE, { tables: [] });
    assert.equal(clean.error, undefined);
    assert.equal(clean.findings.length, 1);
    const analyzer = new Analyzer({ tables: [] });
    analyzer.analyze('edited.js', SCAN_SOURCE);
    const edit = { start: SCAN_SOURCE.length, oldLength: 0, newLength: poison.length - SCAN_SOURCE.length };
    assert.match(
      analyzer.updateDocument('edited.js', SCAN_SOURCE + poison.slice(SCAN_SOURCE.length), edit).error ?? '',
      /nested too deeply/,
    );
    assert.equal(analyzeSource('after.ts', SCAN_SOURCE, { tables: [] }).error, undefined);
  });
  it('analyzes a minified one-line file', () => {
    const min =
      "const{ScanCommand:a}=require('@aws-sdk/client-dynamodb');" +
      'function f(){return 1}'.repeat(2000) +
      "c.send(new a({TableName:'Orders'}));";
    const r = analyzeSource('bundle.min.js', min, { tables: [ORDERS] });
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]?.line, 1);
    assert.equal(r.findings[0]?.column, min.indexOf('new a(') + 5);
  });
  it('analyzes a 5 MB file without throwing', () => {
    const chunk = "export async function f(c) { return c.send(new ScanCommand({ TableName: 'Orders' })); }\n";
    const text =
      "import { ScanCommand } from '@aws-sdk/client-dynamodb';\n" +
      chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    const r = analyzeSource('huge.ts', text, { tables: [ORDERS], timeBudgetMs: 20000 });
    assert.ok(r.error !== undefined || r.findings.length > 50000);
    console.log(
      `  5 MB file: ${r.durationMs.toFixed(0)} ms, ${r.findings.length} findings${r.error ? `, ${r.error}` : ''}`,
    );
  });
});

describe('Analyzer (incremental)', () => {
  it('gives the same findings after an incremental edit as a full analysis of the new text', () => {
    const { fileName, text } = readFixture('hotkey/writes.ts');
    const analyzer = new Analyzer({ tables: [ORDERS], resolveModule: resolveFixtureModule });
    analyzer.analyze(fileName, text);
    const at = text.indexOf("pk: 'ORDERS', sk: id, total");
    const edited = text.slice(0, at) + 'pk: `USER#${id}`' + text.slice(at + "pk: 'ORDERS'".length);
    const incremental = analyzer.updateDocument(fileName, edited, {
      start: at,
      oldLength: "pk: 'ORDERS'".length,
      newLength: 'pk: `USER#${id}`'.length,
    });
    const full = analyzeSource(fileName, edited, { tables: [ORDERS], resolveModule: resolveFixtureModule });
    assert.deepEqual(incremental.findings, full.findings);
    assert.equal(incremental.findings.length, full.findings.length);
    assert.equal(full.findings.length, 10, 'the edited put is no longer flagged');
  });
  it('returns the cached result for unchanged text', () => {
    const analyzer = new Analyzer({ tables: [] });
    const a = analyzer.analyze('a.ts', SCAN_SOURCE);
    const b = analyzer.analyze('a.ts', SCAN_SOURCE);
    assert.equal(b.findings, a.findings);
  });
  it('re-analyzes a file when a module it imports changes, and when tables change', () => {
    const files: Record<string, string> = {
      '/p/db.ts': "export { ScanCommand } from '@aws-sdk/client-dynamodb';",
      '/p/app.ts': "import { ScanCommand } from './db';\nexport const c = new ScanCommand({ Limit: 1 });",
    };
    const analyzer = new Analyzer({
      tables: [],
      resolveModule: (_from, spec) =>
        spec === './db' ? { fileName: '/p/db.ts', text: files['/p/db.ts'] as string } : undefined,
    });
    assert.equal(analyzer.analyze('/p/app.ts', files['/p/app.ts'] as string).findings.length, 1);
    files['/p/db.ts'] = "export { ScanCommand } from '@aws-sdk/client-inspector2';";
    analyzer.analyze('/p/db.ts', files['/p/db.ts']);
    assert.equal(analyzer.analyze('/p/app.ts', files['/p/app.ts'] as string).findings.length, 0);
    analyzer.setTables([ORDERS]);
    assert.equal(analyzer.analyze('/p/app.ts', files['/p/app.ts'] as string).findings.length, 0);
  });
  it('prints the re-analysis time of an edited 3,000-line file (figure, not an assertion)', () => {
    // Ordinary code with DynamoDB calls mixed in, typed at spread-out positions: the editor's case.
    const { text: dynamo } = readFixture('hotkey/writes.ts');
    let text = dynamo;
    for (let i = 0; text.split('\n').length < 3000; i++) {
      text += `export class Service${i} {\n  private readonly items = new Map<string, number>();\n`;
      for (let m = 0; m < 8; m++) {
        text += `  method${m}(input: string[], limit = ${m}): number {\n    let total = 0;\n    for (const item of input) {\n      if (item.length > limit) total += this.items.get(item) ?? 0;\n      else console.log(\`skip \${item}\`);\n    }\n    return Math.max(total, ${i});\n  }\n`;
      }
      text += '}\n';
    }
    const analyzer = new Analyzer({ tables: [ORDERS], resolveModule: resolveFixtureModule });
    const full = analyzer.analyze('big.ts', text);
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const at = text.lastIndexOf('\n', Math.floor(next() * text.length)) + 5;
      text = text.slice(0, at) + 'x' + text.slice(at);
      times.push(analyzer.updateDocument('big.ts', text, { start: at, oldLength: 0, newLength: 1 }).durationMs);
      text = text.slice(0, at) + text.slice(at + 1);
      times.push(analyzer.updateDocument('big.ts', text, { start: at, oldLength: 1, newLength: 0 }).durationMs);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    console.log(
      `  ${text.split('\n').length} lines: full ${full.durationMs.toFixed(1)} ms; incremental median ${median.toFixed(2)} ms, p90 ${(times[Math.floor(times.length * 0.9)] as number).toFixed(2)} ms`,
    );
    assert.equal(
      analyzer.analyze('big.ts', text).findings.length,
      full.findings.length,
      'typing and deleting restores the findings',
    );
  });
});

describe('one parse per file', () => {
  const text =
    "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const all = (c: { send(x: unknown): unknown }) => c.send(new ScanCommand({ TableName: 'Orders' }));\n";
  it('reuses the tree schema discovery parsed for this text, and hands it on for suppressions', () => {
    const parsed = ts.createSourceFile('/w/a.ts', text, ts.ScriptTarget.Latest, true);
    const result = analyzeSource('/w/a.ts', text, { tables: [] }, parsed);
    assert.equal(result.sourceFile, parsed);
    assert.deepEqual(result.findings, analyzeSource('/w/a.ts', text, { tables: [] }).findings);
  });
  it('parses afresh when the tree given is of another text or file', () => {
    const other = ts.createSourceFile('/w/a.ts', 'export const x = 1;\n', ts.ScriptTarget.Latest, true);
    const result = analyzeSource('/w/a.ts', text, { tables: [] }, other);
    assert.notEqual(result.sourceFile, other);
    assert.equal(result.findings.filter((f) => f.rule === 'scan').length, 1);
    const elsewhere = ts.createSourceFile('/w/b.ts', text, ts.ScriptTarget.Latest, true);
    assert.notEqual(analyzeSource('/w/a.ts', text, { tables: [] }, elsewhere).sourceFile, elsewhere);
  });
});
