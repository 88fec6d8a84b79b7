// Rules `scan` and `single-value-partition-key` over neutral operations, with the findings (ids,
// messages, severities, ranges, related information) the TypeScript rules give for the same code.
import { DEFAULT_SEVERITIES } from '../analyzer/analyze';
import type { Confidence, Finding, FindingData, RelatedLocation, Severity, SeverityOption } from '../analyzer/finding';
import type { SourceRange } from '../syntax/positions';
import { parsePartiqlSelect, wherePinsKey } from '../analyzer/dynamoExpressions';
import { findIndex, relatedLocationOf } from '../analyzer/tableResolver';
import { CONVENTIONAL_PARTITION_KEYS, type TableSchema } from '../schema/keySchema';
import type { DeclaredKeySchema, Operation, OperationApi, ValueProvenance } from '../operations/model';
import { HOLE } from './pythonScope';

export type OperationRuleId = 'scan' | 'single-value-partition-key';

/** A Finding whose `data.api` may name a Python API (boto3, PynamoDB) as well. */
export type OperationFinding = Omit<Finding, 'data'> & { data?: Omit<FindingData, 'api'> & { api?: OperationApi } };

export interface OperationRuleOptions {
  tables: readonly TableSchema[];
  severities?: Partial<Record<OperationRuleId, SeverityOption>>;
}

interface ResolvedTable {
  name: string;
  schema?: TableSchema;
}

type Access = 'write' | 'query';

/** Evaluates both rules on one file's operations. */
export function evaluateOperationRules(fileName: string, operations: readonly Operation[], options: OperationRuleOptions): OperationFinding[] {
  const findings: OperationFinding[] = [];
  const severityOf = (rule: OperationRuleId): Severity | undefined => {
    const s = options.severities?.[rule] ?? DEFAULT_SEVERITIES[rule];
    return s === 'off' ? undefined : s;
  };
  // A wrapper's operation on a table it is passed is reported where a call names the table.
  const restated = new Set(operations.filter((o) => o.origin).map((o) => o.origin?.offset));
  const report = (rule: OperationRuleId, range: SourceRange, f: { confidence: Confidence; message: string; table?: string; related?: RelatedLocation[]; data: FindingData | OperationFinding['data'] }): void => {
    const severity = severityOf(rule);
    if (!severity) return;
    findings.push({
      ...range,
      rule,
      severity,
      confidence: f.confidence,
      file: fileName,
      message: f.message,
      ...(f.table !== undefined ? { table: f.table } : {}),
      ...(f.related && f.related.length > 0 ? { related: f.related } : {}),
      data: f.data,
    });
  };
  for (const op of operations) {
    const wrapperOnly = op.table?.parameter !== undefined && restated.has(op.nameRange.offset) && !op.origin;
    if (wrapperOnly) continue;
    const resolved = resolveTable(op, options.tables, fileName);
    const related = [...(relatedLocationOf(resolved?.schema) ?? []), ...callSiteRelated(op, fileName)];
    switch (op.kind) {
      case 'scan':
        checkScan(op, resolved, related, report);
        break;
      case 'partiql':
        checkPartiql(op, options.tables, related, report);
        break;
      case 'put':
      case 'update':
      case 'delete':
        checkWrite(op, resolved, related, report);
        break;
      case 'query':
        checkQuery(op, resolved, related, report);
        break;
      case 'get':
      case 'batch-write':
      case 'batch-get':
      case 'transact-write':
      case 'transact-get':
        break;
      default: {
        const never: never = op.kind;
        return never;
      }
    }
  }
  return findings.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
}

type Report = (rule: OperationRuleId, range: SourceRange, f: { confidence: Confidence; message: string; table?: string; related?: RelatedLocation[]; data: OperationFinding['data'] }) => void;

/** The table an operation names: a constant, an env var wired by infrastructure, an alias, or a model's own schema. */
export function resolveTable(op: Operation, tables: readonly TableSchema[], fileName: string): ResolvedTable | undefined {
  const ref = op.table;
  const byName = (name: string) => tables.find((t) => t.name === name) ?? tables.find((t) => t.aliases.includes(name));
  let found: ResolvedTable | undefined;
  if (ref?.constant !== undefined) {
    const schema = byName(ref.constant);
    found = schema ? { name: schema.name, schema } : { name: ref.constant };
  } else if (ref?.envVar !== undefined) {
    const schema = tables.find((t) => t.envVars.includes(ref.envVar as string));
    found = schema ? { name: schema.name, schema } : { name: ref.text };
  } else if (ref) {
    const schema = ref.names?.map((n) => tables.find((t) => t.aliases.includes(n))).find((t) => t !== undefined);
    found = schema ? { name: schema.name, schema } : { name: ref.text };
  }
  if (!found?.schema && op.declaredSchema) {
    return { name: found?.name ?? op.declaredSchema.model, schema: declaredTable(found?.name ?? op.declaredSchema.model, op.declaredSchema, fileName) };
  }
  return found;
}

function declaredTable(name: string, d: DeclaredKeySchema, fileName: string): TableSchema {
  return {
    name,
    aliases: [d.model],
    envVars: [],
    partitionKey: { name: d.partitionKey },
    ...(d.sortKey ? { sortKey: { name: d.sortKey } } : {}),
    indexes: d.indexes.map((i) => ({ name: i.name, kind: i.kind, partitionKey: { name: i.partitionKey }, ...(i.sortKey ? { sortKey: { name: i.sortKey } } : {}) })),
    source: { kind: 'orm', file: fileName, line: d.range.line, column: d.range.column, endLine: d.range.endLine, endColumn: d.range.endColumn, offset: d.range.offset, endOffset: d.range.endOffset },
  };
}

function callSiteRelated(op: Operation, fileName: string): RelatedLocation[] {
  const hop = op.callChain?.[0];
  if (!op.origin || !hop) return [];
  return [{ file: fileName, ...op.origin, message: `The operation is in ${hop.function}, which this call passes the value to.` }];
}

function checkScan(op: Operation, resolved: ResolvedTable | undefined, related: RelatedLocation[], report: Report): void {
  const index = op.index?.constant;
  const data: NonNullable<OperationFinding['data']> = { operation: op.operation, api: op.api, paginated: op.paginated };
  if (op.consistentRead) data.consistentRead = true;
  let suggestion = '';
  if (op.filter && op.filter.attributes.length > 0) {
    data.filterAttributes = op.filter.attributes;
    const equal = op.filter.equalityAttributes;
    const gsi = resolved?.schema?.indexes.find((i) => i.kind === 'GSI' && i.name !== index && equal.includes(i.partitionKey.name));
    if (gsi) {
      data.suggestedIndex = gsi.name;
      suggestion = ` The filter on "${gsi.partitionKey.name}" is the partition key of index ${gsi.name}: Query index ${gsi.name} instead.`;
    } else if (resolved?.schema && equal.includes(resolved.schema.partitionKey.name)) {
      suggestion = ` The filter on "${resolved.schema.partitionKey.name}" is the table's partition key: use a Query instead.`;
    }
  }
  const target = index ? `index ${index} of table ${resolved?.name ?? '(unknown table)'}` : `table ${resolved?.name ?? '(unknown table)'}`;
  const message =
    `Scan of ${target} reads every item on every call and consumes read capacity for all of it, ` +
    `however few items the filter keeps.${suggestion}${op.bound ? '' : ' (The client could not be resolved; flagged because the request looks like a DynamoDB Scan.)'}`;
  if (index) data.index = index;
  report('scan', op.nameRange, { confidence: op.bound ? 'high' : 'low', message, ...(resolved ? { table: resolved.name } : {}), related, data });
}

function checkPartiql(op: Operation, tables: readonly TableSchema[], related: RelatedLocation[], report: Report): void {
  for (const s of op.statements ?? []) {
    const select = parsePartiqlSelect(s.text);
    if (!select) continue;
    const schema = select.table.includes(HOLE) ? matchPattern(tables, select.table) : (tables.find((t) => t.name === select.table) ?? tables.find((t) => t.aliases.includes(select.table)));
    const tableName = schema?.name ?? (select.table.includes(HOLE) ? s.text.replaceAll(HOLE, '…').slice(0, 120) : select.table);
    const index = findIndex(schema, select.index);
    const keys = index ? [index.partitionKey.name] : schema ? [schema.partitionKey.name] : CONVENTIONAL_PARTITION_KEYS;
    if (select.where !== undefined && keys.some((k) => wherePinsKey(select.where as string, k))) continue;
    let confidence: Confidence = op.bound ? 'high' : 'low';
    if (!schema && select.where !== undefined) confidence = 'low';
    else if (!schema && op.bound) confidence = 'medium';
    const target = select.index ? `index ${select.index} of table ${tableName}` : `table ${tableName}`;
    const why = select.where === undefined ? 'has no WHERE clause' : `does not pin the partition key ${schema ? `"${keys[0]}"` : '(no key schema known)'} with = or IN`;
    report('scan', s.range, {
      confidence,
      message: `PartiQL SELECT on ${target} ${why}, so DynamoDB runs it as a full Scan and charges read capacity for every item.`,
      table: tableName,
      related: [...(relatedLocationOf(schema) ?? []), ...related],
      data: { operation: op.operation, api: 'partiql', paginated: op.paginated, ...(select.index ? { index: select.index } : {}) },
    });
  }
}

function matchPattern(tables: readonly TableSchema[], pattern: string): TableSchema | undefined {
  if (pattern.replaceAll(HOLE, '').length < 3) return undefined;
  const re = new RegExp(`^${pattern.split(HOLE).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return tables.find((t) => re.test(t.name));
}

function checkWrite(op: Operation, resolved: ResolvedTable | undefined, related: RelatedLocation[], report: Report): void {
  const schema = resolved?.schema;
  const value = (attr: string): ValueProvenance | undefined => op.keyValues.find((k) => k.attribute === attr)?.value;
  const pkName = schema ? schema.partitionKey.name : CONVENTIONAL_PARTITION_KEYS.find((k) => value(k) !== undefined);
  const pk = pkName !== undefined ? value(pkName) : undefined;
  if (pkName !== undefined && pk?.kind === 'constant') keyFinding(op, resolved, pkName, pk, 'write', undefined, related, report);
  if (!schema) return;
  // A put sets every attribute of the item; an update sets GSI keys through its SET clause.
  const written = op.kind === 'put' ? op.keyValues : (op.updateSets ?? []);
  for (const gsi of schema.indexes) {
    if (gsi.kind !== 'GSI' || gsi.partitionKey.name === pkName) continue;
    const v = written.find((k) => k.attribute === gsi.partitionKey.name)?.value;
    if (v?.kind === 'constant') keyFinding(op, resolved, gsi.partitionKey.name, v, 'write', gsi.name, related, report);
  }
}

function checkQuery(op: Operation, resolved: ResolvedTable | undefined, related: RelatedLocation[], report: Report): void {
  const index = op.index?.constant;
  const schema = resolved?.schema;
  const gsi = findIndex(schema, index);
  const pkNames = gsi ? [gsi.partitionKey.name] : schema && !index ? [schema.partitionKey.name] : schema && index ? [] : CONVENTIONAL_PARTITION_KEYS;
  let reported = false;
  for (const k of op.keyValues) {
    if (!pkNames.includes(k.attribute) || k.value.kind !== 'constant') continue;
    keyFinding(op, resolved, k.attribute, k.value, 'query', gsi?.name ?? index, related, report);
    reported = true;
  }
  // PynamoDB `query('X')` on a model whose hash key is not known: the first argument is the partition key.
  if (!reported && op.keyValues.length === 0 && op.partitionKeyValue?.kind === 'constant') {
    keyFinding(op, resolved, gsi?.partitionKey.name ?? schema?.partitionKey.name ?? 'hash key', op.partitionKeyValue, 'query', gsi?.name ?? index, related, report);
  }
}

function keyFinding(
  op: Operation,
  resolved: ResolvedTable | undefined,
  attr: string,
  value: Extract<ValueProvenance, { kind: 'constant' }>,
  access: Access,
  index: string | undefined,
  related: RelatedLocation[],
  report: Report,
): void {
  const schema = resolved?.schema;
  const confidence: Confidence = !schema || !op.bound ? 'low' : 'high';
  const table = resolved?.name ?? '(unknown table)';
  const where = index ? `index ${index} of table ${table}` : `table ${table}`;
  const what =
    access === 'query'
      ? `every call of this Query reads the same partition`
      : index
        ? `every item written here lands in one index partition, and a throttled index throttles writes to the table`
        : `every call writes to the same partition`;
  const guess = schema ? '' : ` (No key schema is known for this table; "${attr}" is assumed to be its partition key by name.)`;
  report('single-value-partition-key', value.range, {
    confidence,
    message: `Partition key "${attr}" of ${where} is always "${value.value}": ${what}, and one partition serves at most 1,000 WCU / 3,000 RCU per second.${guess}`,
    ...(resolved ? { table: resolved.name } : {}),
    related,
    data: { operation: op.operation, api: op.api, keyAttribute: attr, keyValue: value.value, ...(index ? { index } : {}) },
  });
}
