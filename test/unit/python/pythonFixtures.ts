// Shared helpers for the Python front-end's tests: inline sources, an in-memory module resolver,
// and assertions that locate a finding by a needle in the source.
import * as assert from 'node:assert/strict';
import { type PythonAnalysis, type PythonAnalyzeOptions, analyzePython } from '../../../src/core/python/analyzePython';
import type { Finding as OperationFinding } from '../../../src/core/analyzer/finding';
import type { TableSchema } from '../../../src/core/schema/keySchema';

export const ORDERS: TableSchema = {
  name: 'Orders',
  aliases: ['OrdersTable'],
  envVars: ['ORDERS_TABLE'],
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [{ name: 'byStatus', kind: 'GSI', partitionKey: { name: 'status', type: 'S' } }],
  source: { kind: 'cloudformation', file: 'template.yaml', line: 10, column: 3, offset: 200, endOffset: 210 },
};

export const HEADER = 'import os\nimport boto3\nfrom boto3.dynamodb.conditions import Key, Attr\n';

/** Resolves `from .db import X` / `import app.db` against an in-memory project (`db.py`, `app/db.py`). */
export function memoryResolver(files: Record<string, string>): NonNullable<PythonAnalyzeOptions['resolveModule']> {
  return (_from, module) => {
    const name = `${module.replace(/^\.+/, '').replace(/\./g, '/')}.py`;
    const text = files[name];
    return text === undefined ? undefined : { fileName: name, text };
  };
}

export async function analyze(source: string, options: Partial<PythonAnalyzeOptions> = {}): Promise<PythonAnalysis> {
  const result = await analyzePython('app.py', source, { tables: [ORDERS], ...options });
  assert.equal(result.error, undefined, `analysis failed: ${result.error}`);
  return result;
}

export async function findingsOf(
  source: string,
  options: Partial<PythonAnalyzeOptions> = {},
): Promise<OperationFinding[]> {
  return (await analyze(source, options)).findings;
}

/** Asserts exactly one finding of `rule`, starting where `needle` starts in `source`. */
export function assertOneAt(
  findings: readonly OperationFinding[],
  rule: OperationFinding['rule'],
  source: string,
  needle: string,
): OperationFinding {
  const of = findings.filter((f) => f.rule === rule);
  assert.equal(
    of.length,
    1,
    `expected one ${rule} finding, got ${of.length}: ${JSON.stringify(findings.map((f) => f.message))}`,
  );
  const at = source.indexOf(needle);
  assert.ok(at >= 0, `needle not in source: ${needle}`);
  const f = of[0] as OperationFinding;
  assert.equal(
    f.offset,
    at,
    `finding at ${JSON.stringify(source.slice(f.offset, f.endOffset))}, expected at ${JSON.stringify(needle)}`,
  );
  return f;
}
