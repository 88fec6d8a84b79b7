import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/analyzer/finding';
import { buildJsonReport, formatJson, type JsonReport } from '../../../src/cli/report/jsonReport';
import type { ReportInput } from '../../../src/cli/report/reportInput';
import { RULES } from '../../../src/core/rules/registry';
import { buildSarif, fileUri } from '../../../src/cli/report/sarifReport';
import { countAtOrAbove, formatText } from '../../../src/cli/report/textReport';
import { schemaErrors, validateCheckOutput, validateSarif } from './schemaValidators';

const base = { confidence: 'high' as const, endLine: 3, offset: 40, endOffset: 51 };
const findings: Finding[] = [
  {
    ...base,
    rule: 'scan',
    severity: 'warning',
    file: 'src/orders.ts',
    line: 3,
    column: 20,
    endColumn: 31,
    message: 'Scan of table Orders reads every item.',
    table: 'Orders',
    fingerprint: 'abc:0',
    related: [
      {
        file: 'template.yaml',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 14,
        offset: 10,
        endOffset: 21,
        message: 'Orders is defined here',
      },
    ],
  },
  {
    ...base,
    rule: 'single-value-partition-key',
    severity: 'error',
    file: 'src/my feed.ts',
    line: 3,
    column: 5,
    endColumn: 11,
    message: 'PK is always "FEED".',
    table: 'Orders',
    fingerprint: 'def:0',
  },
  {
    ...base,
    rule: 'scan',
    severity: 'warning',
    file: 'src/reports.ts',
    line: 3,
    column: 5,
    endColumn: 16,
    message: 'Scan of table Orders.',
    fingerprint: 'ghi:0',
    suppression: { kind: 'inSource', justification: 'monthly export' },
  },
  {
    ...base,
    rule: 'unused-suppression',
    severity: 'info',
    file: 'src/reports.ts',
    line: 9,
    column: 1,
    endColumn: 60,
    message: 'Unused suppression.',
  },
];
const input: ReportInput = {
  findings,
  stats: { filesScanned: 12, filesAnalyzed: 4, durationMs: 35, suppressed: 1, baselined: 0, filesSkipped: 0 },
  problems: [{ file: 'src/huge.ts', message: 'time budget exceeded' }],
  toolVersion: '0.1.0',
};

test('text report prints path:line:col severity message rule and a summary, leaving suppressed findings out', () => {
  const text = formatText(input);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], 'src/orders.ts:3:20 warning Scan of table Orders reads every item. scan');
  assert.equal(lines[1], 'src/my feed.ts:3:5 error PK is always "FEED". single-value-partition-key');
  assert.equal(lines[2], 'src/reports.ts:9:1 info Unused suppression. unused-suppression');
  assert.ok(!text.includes('monthly export'));
  assert.ok(lines.includes('3 problems (1 error, 1 warning, 1 info) in 3 files'), text);
  assert.match(text, /checked 12 files \(4 analyzed\).*1 suppressed/);
});

test('text report without findings says 0 problems and has no colour codes unless asked', () => {
  const text = formatText({ ...input, findings: [], problems: [] });
  assert.match(text, /^0 problems \(0 errors, 0 warnings, 0 infos\) in 0 files\n/);
  assert.ok(!text.includes('\u001b['));
  assert.ok(formatText(input, { color: true }).includes('\u001b[33mwarning'));
});

test('text and JSON reports list skipped files with their reason, and count them', () => {
  const skipped: ReportInput = {
    ...input,
    stats: { ...input.stats, filesSkipped: 2 },
    problems: [
      { file: 'src/pipe.ts', message: 'cannot read: not a regular file', reason: 'unreadable' },
      { file: 'src/app.min.js', message: 'skipped: minified by its name', reason: 'minified' },
    ],
  };
  const lines = formatText(skipped).trimEnd().split('\n');
  assert.ok(lines.includes('src/pipe.ts: cannot read: not a regular file unreadable'), lines.join('\n'));
  assert.ok(lines.includes('src/app.min.js: skipped: minified by its name minified'), lines.join('\n'));
  assert.match(lines.at(-1)!, /checked 12 files \(4 analyzed\).*2 files skipped/);
  const report = JSON.parse(formatJson(skipped)) as JsonReport;
  assert.equal(validateCheckOutput(report), true, schemaErrors(validateCheckOutput));
  assert.equal(report.stats.filesSkipped, 2);
  assert.deepEqual(report.problems[0], {
    file: 'src/pipe.ts',
    message: 'cannot read: not a regular file',
    reason: 'unreadable',
  });
});

test('JSON report keeps the contract fields, drops suppressed findings, and validates against its schema', () => {
  const report = JSON.parse(formatJson(input)) as JsonReport;
  assert.equal(validateCheckOutput(report), true, schemaErrors(validateCheckOutput));
  assert.equal(report.findings.length, 3);
  assert.deepEqual(Object.keys(report.findings[0]!).slice(0, 10), [
    'rule',
    'severity',
    'confidence',
    'file',
    'line',
    'column',
    'endLine',
    'endColumn',
    'message',
    'table',
  ]);
  assert.equal(report.findings[2]!.table, null);
  assert.deepEqual(Object.keys(report.stats).slice(0, 3), ['filesScanned', 'filesAnalyzed', 'durationMs']);
});

test('the JSON schema rejects a report missing a contract field', () => {
  const report = buildJsonReport(input) as unknown as { findings: Array<Record<string, unknown>> };
  delete report.findings[0]!.table;
  assert.equal(validateCheckOutput(report), false);
});

test('SARIF validates against the 2.1.0 subset schema and carries rules with help', () => {
  const sarif = buildSarif(input) as {
    runs: Array<{
      tool: { driver: { rules: Array<{ id: string; helpUri: string; help: { markdown: string } }> } };
      results: Array<Record<string, unknown>>;
    }>;
  };
  assert.equal(validateSarif(sarif), true, schemaErrors(validateSarif));
  const run = sarif.runs[0]!;
  assert.deepEqual(
    run.tool.driver.rules.map((r) => r.id),
    RULES.map((r) => r.id),
  );
  assert.match(run.tool.driver.rules[0]!.helpUri, /docs\/rules\/scan\.md$/);
  assert.equal(run.results.length, 4);
});

test('SARIF results map severities to levels, point at the rule by index, and carry suppressions and related locations', () => {
  const sarif = buildSarif(input) as {
    runs: Array<{
      tool: { driver: { rules: Array<{ id: string }> } };
      results: Array<{
        ruleId: string;
        ruleIndex: number;
        level: string;
        suppressions?: unknown;
        relatedLocations?: unknown[];
        partialFingerprints: Record<string, string>;
        locations: Array<{
          physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> };
        }>;
      }>;
    }>;
  };
  const run = sarif.runs[0]!;
  const [scan, key, suppressed, unused] = run.results;
  assert.equal(run.tool.driver.rules[scan!.ruleIndex]!.id, 'scan');
  assert.equal(run.tool.driver.rules[key!.ruleIndex]!.id, 'single-value-partition-key');
  assert.deepEqual([scan!.level, key!.level, unused!.level], ['warning', 'error', 'note']);
  assert.deepEqual(suppressed!.suppressions, [{ kind: 'inSource', justification: 'monthly export' }]);
  assert.equal(scan!.relatedLocations?.length, 1);
  assert.equal(scan!.partialFingerprints['dynamoGuardFindingHash/v1'], 'abc:0');
  assert.deepEqual(scan!.locations[0]!.physicalLocation.artifactLocation, {
    uri: 'src/orders.ts',
    uriBaseId: '%SRCROOT%',
  });
  assert.deepEqual(scan!.locations[0]!.physicalLocation.region, {
    startLine: 3,
    startColumn: 20,
    endLine: 3,
    endColumn: 31,
    charOffset: 40,
    charLength: 11,
  });
  assert.equal(key!.locations[0]!.physicalLocation.artifactLocation.uri, 'src/my%20feed.ts');
});

test('the SARIF subset schema rejects a result without a location or with a zero line', () => {
  const sarif = buildSarif(input) as {
    runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }>;
  };
  const noLocation = structuredClone(sarif);
  noLocation.runs[0]!.results[0]!.locations = [];
  assert.equal(validateSarif(noLocation), false);
  const zeroLine = structuredClone(sarif);
  zeroLine.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
  assert.equal(validateSarif(zeroLine), false);
});

test('fileUri encodes segments but keeps slashes', () => {
  assert.equal(fileUri('a b/c#d.ts'), 'a%20b/c%23d.ts');
});

test('countAtOrAbove ignores suppressed findings and respects the threshold', () => {
  assert.equal(countAtOrAbove(findings, 'error'), 1);
  assert.equal(countAtOrAbove(findings, 'warning'), 2);
  assert.equal(countAtOrAbove(findings, 'info'), 3);
});

test('every rule the reports link to has its documentation page, with its default severity', () => {
  for (const rule of RULES) {
    const doc = path.join(__dirname, '../../../docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(doc), `docs/rules/${rule.id}.md is missing`);
    assert.match(
      fs.readFileSync(doc, 'utf8'),
      new RegExp(`Default severity: \\*\\*${rule.defaultSeverity}\\*\\*`),
      rule.id,
    );
  }
});
