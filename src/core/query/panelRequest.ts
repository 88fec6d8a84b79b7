// The query panel's form as plain data, and its validation against the table's key schema: every
// field gets its own sentence (shown inline by the panel before anything is sent), and a valid form
// becomes the QuerySpec or Scan spec the engine runs. The panel and the host run the same checks.
import type { TableModel } from '../tables/tableModel';
import { QueryInputError, parseKeyValue } from './keyValue';
import { parseCondition, type Condition } from './conditionParser';
import {
  MAX_LIMIT,
  buildQuery,
  buildScan,
  resolveIndex,
  type QuerySpec,
  type ScanRequestSpec,
  type SortKeyOp,
} from './requests';
import { errorMessage } from '../errorMessage';

export type PanelMode = 'query' | 'scan';

/** What the form holds, as typed (numbers stay text until validated). */
export interface PanelRequest {
  mode: PanelMode;
  /** '' reads the base table. */
  index: string;
  pk: string;
  /** '' means no sort-key condition. */
  skOp: SortKeyOp | '';
  /** The sort-key value; `between` also uses `sk2`. */
  sk: string;
  sk2: string;
  /** Items per page; '' for DynamoDB's default (1 MB pages). */
  limit: string;
  descending: boolean;
  consistent: boolean;
  /** Comma-separated top-level attribute names; '' returns all. */
  projection: string;
  /** A condition in the syntax parseCondition reads; '' for none. */
  filter: string;
  /** Scan only: stop paging once this many read units are spent. */
  readBudget: string;
}

export type PanelField =
  'index' | 'pk' | 'sk' | 'sk2' | 'limit' | 'consistent' | 'projection' | 'filter' | 'readBudget';
export type FieldErrors = Partial<Record<PanelField, string>>;

export const SORT_KEY_OPS: readonly SortKeyOp[] = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'];

/** Every field of the form, in order: the guard below accepts exactly these. */
export const PANEL_REQUEST_KEYS = [
  'mode',
  'index',
  'pk',
  'skOp',
  'sk',
  'sk2',
  'limit',
  'descending',
  'consistent',
  'projection',
  'filter',
  'readBudget',
] as const;

// A form arrives from a webview (untrusted) or from stored state: each text is bounded.
const MAX_TEXT = 4096;

function isText(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** A form with exactly the known fields, each of the right type and length. */
export function isPanelRequest(v: unknown): v is PanelRequest {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  if (!Object.keys(r).every((k) => (PANEL_REQUEST_KEYS as readonly string[]).includes(k))) return false;
  return (
    (r.mode === 'query' || r.mode === 'scan') &&
    isText(r.index, 255) &&
    isText(r.pk) &&
    isText(r.sk) &&
    isText(r.sk2) &&
    (r.skOp === '' || (SORT_KEY_OPS as readonly unknown[]).includes(r.skOp)) &&
    isText(r.limit, 32) &&
    isText(r.readBudget, 32) &&
    typeof r.descending === 'boolean' &&
    typeof r.consistent === 'boolean' &&
    isText(r.projection) &&
    isText(r.filter)
  );
}

/** The default Scan budget: 100 read units is 400 KB strongly consistent, 800 KB eventually. */
export const DEFAULT_SCAN_BUDGET = 100;

export function emptyPanelRequest(): PanelRequest {
  return {
    mode: 'query',
    index: '',
    pk: '',
    skOp: '',
    sk: '',
    sk2: '',
    limit: '',
    descending: false,
    consistent: false,
    projection: '',
    filter: '',
    readBudget: String(DEFAULT_SCAN_BUDGET),
  };
}

export type ValidatedRequest =
  | { ok: true; mode: 'query'; spec: QuerySpec }
  | { ok: true; mode: 'scan'; spec: ScanRequestSpec; readBudget: number }
  | { ok: false; errors: FieldErrors };

function positiveInteger(text: string, what: string, max: number): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) throw new QueryInputError(`${what} must be a whole number of at least 1.`);
  if (Number(t) > max) throw new QueryInputError(`${what} must be at most ${max}.`);
  return Number(t);
}

/** Runs one field's check, recording its sentence; returns undefined when it failed. */
function check<T>(errors: FieldErrors, field: PanelField, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    errors[field] ??= errorMessage(err);
    return undefined;
  }
}

export function validatePanelRequest(table: TableModel, r: PanelRequest): ValidatedRequest {
  const errors: FieldErrors = {};
  const index = check(errors, 'index', () => resolveIndex(table, r.index === '' ? undefined : r.index, false));
  if (index?.kind === 'GSI' && r.consistent) {
    errors.consistent = `Index ${index.name} is a global secondary index, which only supports eventually consistent reads: turn off Consistent read.`;
  }
  const limit =
    r.limit.trim() === '' ? undefined : check(errors, 'limit', () => positiveInteger(r.limit, 'Limit', MAX_LIMIT));
  const projection =
    r.projection.trim() === ''
      ? undefined
      : check(errors, 'projection', () => {
          const names = r.projection.split(',').map((p) => p.trim());
          if (names.some((n) => n === ''))
            throw new QueryInputError('Projection lists attribute names separated by commas; one of them is empty.');
          return names;
        });
  const filter: Condition | undefined =
    r.filter.trim() === '' ? undefined : check(errors, 'filter', () => parseCondition(r.filter));

  if (r.mode === 'scan') {
    const readBudget = check(errors, 'readBudget', () => {
      const n = Number(r.readBudget.trim());
      if (r.readBudget.trim() === '' || !Number.isFinite(n) || n <= 0)
        throw new QueryInputError('A Scan needs a read-unit budget greater than zero: paging stops once it is spent.');
      return n;
    });
    if (Object.keys(errors).length > 0 || readBudget === undefined) return { ok: false, errors };
    const spec: ScanRequestSpec = {
      table,
      ...(index ? { index: index.name } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(r.consistent ? { consistent: true } : {}),
      ...(projection ? { projection } : {}),
      ...(filter ? { filter } : {}),
    };
    check(errors, 'filter', () => buildScan(spec));
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, mode: 'scan', spec, readBudget };
  }

  const partitionKey = index ? index.partitionKey : table.partitionKey;
  const sortKey = index ? index.sortKey : table.sortKey;
  check(errors, 'pk', () => parseKeyValue(r.pk, partitionKey));
  let sk: QuerySpec['sk'];
  if (r.skOp !== '') {
    if (!sortKey) {
      errors.sk = `${index ? `Index ${index.name}` : `Table ${table.name}`} has no sort key, so a sort-key condition cannot apply.`;
    } else {
      if (r.skOp === 'begins_with' && sortKey.type === 'N')
        errors.sk = `Sort key ${sortKey.name} is a number (N): begins_with works only on string and binary keys.`;
      check(errors, 'sk', () => parseKeyValue(r.sk, sortKey));
      if (r.skOp === 'between') check(errors, 'sk2', () => parseKeyValue(r.sk2, sortKey));
      sk = { op: r.skOp, values: r.skOp === 'between' ? [r.sk, r.sk2] : [r.sk] };
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const spec: QuerySpec = {
    table,
    pk: r.pk,
    ...(index ? { index: index.name } : {}),
    ...(sk ? { sk } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(r.descending ? { descending: true } : {}),
    ...(r.consistent ? { consistent: true } : {}),
    ...(projection ? { projection } : {}),
    ...(filter ? { filter } : {}),
  };
  // Whatever the field checks missed, the engine's own builder refuses here, before any call.
  check(errors, 'pk', () => buildQuery(spec));
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, mode: 'query', spec };
}

/** Key values the analyzer read from a Query or GetItem call: constants, or null where code computes them. */
export interface CodeKeys {
  index?: string;
  keyValues: Record<string, string | null>;
  sortKeyCondition?: { attribute: string; op: SortKeyOp; values: (string | null)[] };
}

/**
 * The form a "Run this query" CodeLens opens with: the analyzer's values mapped onto the live key
 * schema by attribute name (the code's guess at the schema never overrides the table's). Values the
 * code computes stay empty for the user to fill; an unknown index falls back to the base table.
 */
export function panelRequestFromCode(table: TableModel, code: CodeKeys): PanelRequest {
  const index = code.index ? table.indexes.find((i) => i.name === code.index) : undefined;
  const partitionKey = index ? index.partitionKey : table.partitionKey;
  const sortKey = index ? index.sortKey : table.sortKey;
  const request: PanelRequest = {
    ...emptyPanelRequest(),
    index: index?.name ?? '',
    pk: code.keyValues[partitionKey.name] ?? '',
  };
  const condition = code.sortKeyCondition;
  if (sortKey && condition && condition.attribute === sortKey.name) {
    request.skOp = condition.op;
    request.sk = condition.values[0] ?? '';
    request.sk2 = condition.op === 'between' ? (condition.values[1] ?? '') : '';
  } else if (sortKey && Object.prototype.hasOwnProperty.call(code.keyValues, sortKey.name)) {
    request.skOp = '=';
    request.sk = code.keyValues[sortKey.name] ?? '';
  }
  return request;
}
