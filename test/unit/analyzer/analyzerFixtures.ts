// Shared helpers for analyzer tests: fixture loading with a real module resolver, the Orders
// schema most fixtures target, and exact-range assertions located by a needle in the fixture.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type AnalyzeOptions, type FileAnalysis, analyzeSource } from '../../../src/core/entries/analyzer';
import type { Confidence, Finding, RuleId } from '../../../src/core/analyzer/finding';
import type { TableSchema } from '../../../src/core/schema/keySchema';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/analyzer');

export const ORDERS: TableSchema = {
  name: 'Orders',
  aliases: ['OrdersTable'],
  envVars: ['ORDERS_TABLE'],
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [{ name: 'byStatus', kind: 'GSI', partitionKey: { name: 'status', type: 'S' } }],
  source: { kind: 'cloudformation', file: 'template.yaml', line: 10, column: 3, offset: 200, endOffset: 210 },
};

export function resolveFixtureModule(
  fromFile: string,
  specifier: string,
): { fileName: string; text: string } | undefined {
  for (const ext of ['.ts', '.js', '/index.ts']) {
    const candidate = path.resolve(path.dirname(fromFile), specifier + ext);
    if (fs.existsSync(candidate)) return { fileName: candidate, text: fs.readFileSync(candidate, 'utf8') };
  }
  return undefined;
}

export function readFixture(relative: string): { fileName: string; text: string } {
  const fileName = path.join(FIXTURES, relative);
  return { fileName, text: fs.readFileSync(fileName, 'utf8') };
}

export function analyzeFixture(
  relative: string,
  options: Partial<AnalyzeOptions> = {},
): { result: FileAnalysis; text: string } {
  const { fileName, text } = readFixture(relative);
  const result = analyzeSource(fileName, text, { tables: [ORDERS], resolveModule: resolveFixtureModule, ...options });
  assert.equal(result.error, undefined, `analysis failed: ${result.error}`);
  return { result, text };
}

/** 1-based range of the `nth` (1-based) occurrence of `needle` on the first line containing `lineHint`. */
export function locate(
  text: string,
  needle: string,
  lineHint: string,
  nth = 1,
): { line: number; column: number; endLine: number; endColumn: number } {
  const lines = text.split('\n');
  const lineIndex = lines.findIndex((l) => l.includes(lineHint));
  assert.ok(lineIndex >= 0, `fixture has no line with ${lineHint}`);
  const lineText = lines[lineIndex] as string;
  let col = -1;
  for (let i = 0; i < nth; i++) col = lineText.indexOf(needle, col + 1);
  assert.ok(col >= 0, `line ${lineIndex + 1} has no ${needle}`);
  return { line: lineIndex + 1, column: col + 1, endLine: lineIndex + 1, endColumn: col + 1 + needle.length };
}

export interface Expected {
  rule: RuleId;
  needle: string;
  lineHint: string;
  nth?: number;
  confidence: Confidence;
  table?: string;
}

/** Asserts exactly one finding of the rule at the needle's range, and returns it. */
export function expectFindingAt(result: FileAnalysis, text: string, e: Expected): Finding {
  const at = locate(text, e.needle, e.lineHint, e.nth);
  const matches = result.findings.filter((f) => f.rule === e.rule && f.line === at.line && f.column === at.column);
  assert.equal(
    matches.length,
    1,
    `expected one ${e.rule} at ${at.line}:${at.column}; got ${JSON.stringify(result.findings.map((f) => `${f.rule} ${f.line}:${f.column}`))}`,
  );
  const f = matches[0] as Finding;
  assert.deepEqual({ endLine: f.endLine, endColumn: f.endColumn }, { endLine: at.endLine, endColumn: at.endColumn });
  assert.equal(f.confidence, e.confidence);
  if (e.table !== undefined) assert.equal(f.table, e.table);
  return f;
}

export function findingsOnLine(result: FileAnalysis, text: string, lineHint: string): Finding[] {
  const line = locate(text, lineHint, lineHint).line;
  return result.findings.filter((f) => f.line === line);
}
