// Turns an AppSync VTL request mapping template into language-neutral operations (operations/model.ts):
// `"operation": "Scan"`, a Query's `query.expression` equalities, the `key` of GetItem, PutItem,
// UpdateItem and DeleteItem, with each key value's provenance (a literal is constant; `$ctx.args.x` is not).
import {
  filterAttributeTokens,
  keyConditionComparisons,
  keyConditionEqualities,
  updateSetEqualities,
} from '../analyzer/dynamoExpressions';
import type { KeyValue, Operation, OperationKind, SortKeyCondition, ValueProvenance } from '../operations/model';
import { computeLineStarts, rangeFromOffsets, type SourceRange } from '../syntax/positions';
import { entryOf, objectsIn, readVtlTemplate, type VtlAssignment, type VtlValue } from './vtlTemplate';

/** AppSync DynamoDB resolver operations and the kind each is. */
const OPERATIONS: Readonly<Record<string, OperationKind>> = {
  Scan: 'scan',
  // A Sync without a delta table reads the whole table, page by page, as a Scan does.
  Sync: 'scan',
  Query: 'query',
  GetItem: 'get',
  PutItem: 'put',
  UpdateItem: 'update',
  DeleteItem: 'delete',
  BatchGetItem: 'batch-get',
  BatchPutItem: 'batch-write',
  BatchDeleteItem: 'batch-write',
  TransactGetItems: 'transact-get',
  TransactWriteItems: 'transact-write',
};

/** `$util.dynamodb` helpers that wrap one plain value: a constant argument is a constant value. */
const VALUE_HELPERS = /(?:^|\.)(?:toDynamoDB|toDynamoDBJson|toString|toStringJson|toNumber|toNumberJson)$/;

/** Offsets (into the text) to read: the whole text, or regions of a host file (a string in a stack). */
export interface VtlRegion {
  start: number;
  end: number;
}

/**
 * The DynamoDB operations of a template. `text` is the file; with `regions`, only those parts of it
 * are a template (the rest is blanked out, so offsets stay the file's own).
 */
export function detectVtlOperations(text: string, regions?: readonly VtlRegion[]): Operation[] {
  const source = regions ? blankOutside(text, regions) : text;
  const lineStarts = computeLineStarts(text);
  const template = readVtlTemplate(source);
  const constants = constantAssignments(template.assignments);
  const ctx: Ctx = { text: source, lineStarts, constants };
  const ops: Operation[] = [];
  for (const top of template.values) {
    for (const obj of objectsIn(top)) {
      const op = operationOf(obj, ctx);
      if (op) ops.push(op);
    }
  }
  return ops;
}

interface Ctx {
  text: string;
  lineStarts: readonly number[];
  /** `#set` variables assigned one constant value, and nothing else, in the template. */
  constants: ReadonlyMap<string, { value: string }>;
}

function operationOf(obj: Extract<VtlValue, { kind: 'object' }>, ctx: Ctx): Operation | undefined {
  const opEntry = entryOf(obj, 'operation');
  if (opEntry?.value.kind !== 'string') return undefined;
  const name = opEntry.value.text;
  const kind = OPERATIONS[name];
  if (!kind) return undefined;
  const range = (start: number, end: number): SourceRange => rangeFromOffsets(ctx.lineStarts, start, end);
  const op: Operation = {
    language: 'vtl',
    operation: name,
    kind,
    api: 'appsync',
    bound: true,
    keyValues: [],
    paginated: entryOf(obj, 'nextToken') !== undefined,
    // A resolver runs on every request of its field.
    perCall: true,
    nameRange: range(opEntry.value.start, opEntry.value.end),
    range: range(obj.start, obj.end),
  };
  // A transaction's item names its table (`"table": "Orders"`).
  const table = entryOf(obj, 'table')?.value;
  if (table?.kind === 'string' && !interpolates(table)) {
    op.table = { text: table.text, constant: table.text, range: range(table.start, table.end) };
  }
  const index = entryOf(obj, 'index')?.value;
  if (index) {
    const constant = constantOf(index, ctx);
    op.index = constant
      ? { text: constant.value, constant: constant.value }
      : { text: ctx.text.slice(index.start, index.end) };
  }
  const consistent = entryOf(obj, 'consistentRead')?.value;
  if (consistent?.kind === 'word' && consistent.text === 'true') op.consistentRead = true;
  switch (kind) {
    case 'get':
    case 'delete':
    case 'update':
      op.keyValues = keyValuesOf(entryOf(obj, 'key')?.value, ctx);
      if (kind === 'update') {
        const sets = updateSetsOf(entryOf(obj, 'update')?.value, ctx);
        if (sets.length > 0) op.updateSets = sets;
      }
      break;
    case 'put':
      // The key and the other attributes: a GSI's partition key may be among either.
      op.keyValues = [
        ...keyValuesOf(entryOf(obj, 'key')?.value, ctx),
        ...keyValuesOf(entryOf(obj, 'attributeValues')?.value, ctx),
      ];
      break;
    case 'query':
      readQuery(op, entryOf(obj, 'query')?.value, ctx);
      readFilter(op, entryOf(obj, 'filter')?.value, ctx);
      break;
    case 'scan':
      readFilter(op, entryOf(obj, 'filter')?.value, ctx);
      break;
    default:
      break;
  }
  return op;
}

/** `{ "pk": { "S": "X" }, "sk": $util.dynamodb.toDynamoDBJson($ctx.args.id) }` as key values. */
function keyValuesOf(value: VtlValue | undefined, ctx: Ctx): KeyValue[] {
  if (value?.kind !== 'object') return [];
  return value.entries.map((e) => ({ attribute: e.key, value: provenanceOf(e.value, ctx) }));
}

function provenanceOf(value: VtlValue, ctx: Ctx): ValueProvenance {
  const range = rangeFromOffsets(ctx.lineStarts, value.start, value.end);
  const c = constantOf(value, ctx);
  if (c) return { kind: 'constant', value: c.value, range: rangeFromOffsets(ctx.lineStarts, c.start, c.end) };
  return { kind: 'unknown', text: ctx.text.slice(value.start, value.end).slice(0, 120), range };
}

/**
 * The one value a template value always renders to, with where it is written: a plain string or
 * number, a typed attribute value (`{ "S": "X" }`), a `$util.dynamodb` helper of a constant, or a
 * `#set` variable assigned one constant.
 */
function constantOf(value: VtlValue, ctx: Ctx, depth = 0): { value: string; start: number; end: number } | undefined {
  if (depth > 8) return undefined;
  switch (value.kind) {
    case 'string': {
      if (!interpolates(value)) return { value: value.text, start: value.start, end: value.end };
      // `"$pk"` / `"${pk}"`: the variable's constant, placed where the string is written.
      const m = /^\$!?\{?([A-Za-z_][\w.]*)\}?$/.exec(value.text);
      const assigned = m ? ctx.constants.get(m[1] as string) : undefined;
      return assigned ? { value: assigned.value, start: value.start, end: value.end } : undefined;
    }
    case 'number':
      return { value: value.text, start: value.start, end: value.end };
    case 'object': {
      if (value.entries.length !== 1) return undefined;
      const only = value.entries[0];
      if (!only || !/^(?:S|N|B)$/.test(only.key)) return undefined;
      return constantOf(only.value, ctx, depth + 1);
    }
    case 'reference': {
      if (value.call) {
        if (!VALUE_HELPERS.test(value.call.name) || value.call.args.length !== 1) return undefined;
        const arg = value.call.args[0] as VtlValue;
        return constantOf(arg, ctx, depth + 1);
      }
      const m = /^\$!?\{?([A-Za-z_][\w.]*)\}?$/.exec(value.text);
      const assigned = m ? ctx.constants.get(m[1] as string) : undefined;
      return assigned ? { value: assigned.value, start: value.start, end: value.end } : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether VTL renders a string differently per request: a `$` reference inside a double-quoted one. */
function interpolates(value: Extract<VtlValue, { kind: 'string' }>): boolean {
  return value.quote === '"' && /\$!?[{A-Za-z_]/.test(value.text);
}

function constantAssignments(assignments: readonly VtlAssignment[]): Map<string, { value: string }> {
  const seen = new Map<string, { value: string } | null>();
  for (const a of assignments) {
    const c =
      a.value.kind === 'string' && !interpolates(a.value)
        ? a.value.text
        : a.value.kind === 'number'
          ? a.value.text
          : undefined;
    const before = seen.get(a.name);
    seen.set(a.name, c !== undefined && (before === undefined || before?.value === c) ? { value: c } : null);
  }
  const out = new Map<string, { value: string }>();
  for (const [name, v] of seen) if (v) out.set(name, v);
  return out;
}

/** An expression object: `{ "expression": "...", "expressionNames": {...}, "expressionValues": {...} }`. */
interface Expression {
  text: string;
  name(token: string): string;
  value(placeholder: string): ValueProvenance | undefined;
}

function expressionOf(value: VtlValue | undefined, ctx: Ctx): Expression | undefined {
  const expr = entryOf(value, 'expression')?.value;
  if (expr?.kind !== 'string') return undefined;
  const names = entryOf(value, 'expressionNames')?.value;
  const values = entryOf(value, 'expressionValues')?.value;
  return {
    text: expr.text,
    name: (token) => {
      if (!token.startsWith('#')) return token;
      const v = entryOf(names, token)?.value;
      return v?.kind === 'string' && !interpolates(v) ? v.text : token;
    },
    value: (placeholder) => {
      const v = entryOf(values, placeholder)?.value;
      return v ? provenanceOf(v, ctx) : undefined;
    },
  };
}

function readQuery(op: Operation, query: VtlValue | undefined, ctx: Ctx): void {
  const e = expressionOf(query, ctx);
  if (!e) return;
  for (const eq of keyConditionEqualities(e.text)) {
    const value = e.value(eq.placeholder);
    if (value) op.keyValues.push({ attribute: e.name(eq.attribute), value });
  }
  const range = keyConditionComparisons(e.text).find((c) => c.op !== '=');
  if (range) {
    const values = range.placeholders.map((p) => e.value(p)).filter((v): v is ValueProvenance => v !== undefined);
    const condition: SortKeyCondition = { attribute: e.name(range.attribute), op: range.op, values };
    op.sortKeyCondition = condition;
  }
}

function readFilter(op: Operation, filter: VtlValue | undefined, ctx: Ctx): void {
  if (!filter) return;
  const e = expressionOf(filter, ctx);
  if (!e) {
    // `$util.transform.toDynamoDBFilterExpression(...)`: a filter whose attributes are not written here.
    op.filter = { attributes: [], equalityAttributes: [] };
    return;
  }
  const tokens = filterAttributeTokens(e.text);
  op.filter = {
    text: e.text,
    attributes: tokens.all.map((t) => e.name(t)),
    equalityAttributes: tokens.equality.map((t) => e.name(t)),
  };
}

function updateSetsOf(update: VtlValue | undefined, ctx: Ctx): KeyValue[] {
  const e = expressionOf(update, ctx);
  if (!e) return [];
  return updateSetEqualities(e.text).flatMap((eq) => {
    const value = e.value(eq.placeholder);
    return value ? [{ attribute: e.name(eq.attribute), value }] : [];
  });
}

/** The text with everything outside `regions` replaced by spaces (line breaks kept). */
function blankOutside(text: string, regions: readonly VtlRegion[]): string {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue;
    out += blank(text.slice(at, r.start)) + text.slice(r.start, r.end);
    at = r.end;
  }
  return out + blank(text.slice(at));
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}
