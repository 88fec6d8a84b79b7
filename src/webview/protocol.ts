// The one protocol between the query panel (browser) and the extension host: discriminated unions
// for both directions, and the hand-written guards each side runs on every message it receives (a
// webview is untrusted input: its messages are checked field by field, with length limits; the page
// checks the host's messages by shape too, so a malformed one is dropped instead of half-rendered).
import type { CodeFlavor } from '../core/query/copyAsCode';
import type { JsonObject } from '../core/query/itemJson';
import { isPanelRequest, type FieldErrors, type PanelField, type PanelRequest } from '../core/query/panelRequest';
import type { HistoryEntry } from '../core/query/queryHistory';
import { isPlace, type Place, type RunSummary, type SessionTotals } from '../core/query/queryRun';
import type { KeyAttribute } from '../core/schema/keySchema';
import type { IndexModel, TableModel } from '../core/tables/tableModel';

export const QUERY_PANEL_VIEW_TYPE = 'dynamoGuard.queryPanel';

// The parts of a message core defines (where a panel runs, its runs, its history).
export type { HistoryEntry, Place, RunSummary, SessionTotals };

export type ExportFormat = 'json' | 'csv';

/** What the webview keeps across reloads (vscode.setState) and the serializer reads back. */
export interface PanelState {
  place: Place | null;
  table: string | null;
  request: PanelRequest;
  session: SessionTotals;
}

/** Host → webview. */
export type HostMessage =
  | {
      type: 'init';
      places: Place[];
      place: Place | null;
      tables: string[] | null;
      table: TableModel | null;
      request: PanelRequest;
      history: HistoryEntry[];
      session: SessionTotals;
    }
  | { type: 'tables'; place: Place; tables: string[] }
  | { type: 'table'; place: Place; table: TableModel; request: PanelRequest }
  | { type: 'running'; message: string }
  | {
      type: 'results';
      append: boolean;
      items: JsonObject[];
      keyNames: string[];
      run: RunSummary;
      session: SessionTotals;
      hasMore: boolean;
      notes: string[];
    }
  | { type: 'invalid'; errors: FieldErrors }
  | { type: 'error'; message: string }
  | { type: 'cancelled' }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'notice'; message: string }
  | { type: 'prefill'; request: PanelRequest };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'selectPlace'; place: Place }
  | { type: 'selectTable'; place: Place; table: string }
  | { type: 'run'; request: PanelRequest }
  | { type: 'loadMore' }
  | { type: 'cancel' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'copyAsCode'; flavor: CodeFlavor }
  | { type: 'rerun'; id: string };

const MAX_TEXT = 4096;
const FLAVORS: readonly CodeFlavor[] = ['sdk-client', 'sdk-document', 'cli'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

function hasOnly(v: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}

function isSessionTotals(v: unknown): v is SessionTotals {
  return (
    isRecord(v) && [v.runs, v.readUnits, v.costUsd].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
  );
}

export function isPanelState(v: unknown): v is PanelState {
  return (
    isRecord(v) &&
    (v.place === null || isPlace(v.place)) &&
    (v.table === null || isText(v.table, 255)) &&
    isPanelRequest(v.request) &&
    isSessionTotals(v.session)
  );
}

/** The guard the host runs on every message from the panel. */
export function parseWebviewMessage(v: unknown): WebviewMessage | undefined {
  if (!isRecord(v) || typeof v.type !== 'string') return undefined;
  const only = (...keys: string[]) => hasOnly(v, ['type', ...keys]);
  switch (v.type) {
    case 'ready':
    case 'loadMore':
    case 'cancel':
      return only() ? { type: v.type } : undefined;
    case 'selectPlace':
      return only('place') && isPlace(v.place) ? { type: 'selectPlace', place: v.place } : undefined;
    case 'selectTable':
      return only('place', 'table') && isPlace(v.place) && isText(v.table, 255) && v.table !== ''
        ? { type: 'selectTable', place: v.place, table: v.table }
        : undefined;
    case 'run':
      return only('request') && isPanelRequest(v.request) ? { type: 'run', request: v.request } : undefined;
    case 'export':
      return only('format') && (v.format === 'json' || v.format === 'csv')
        ? { type: 'export', format: v.format }
        : undefined;
    case 'copyAsCode':
      return only('flavor') && (FLAVORS as readonly unknown[]).includes(v.flavor)
        ? { type: 'copyAsCode', flavor: v.flavor as CodeFlavor }
        : undefined;
    case 'rerun':
      return only('id') && isText(v.id, 64) ? { type: 'rerun', id: v.id } : undefined;
    default:
      return undefined;
  }
}

// ---- host → page ----

// Names DynamoDB caps at 255 characters (tables, indexes, key attributes).
const MAX_NAME = 255;
const PANEL_FIELDS: Record<PanelField, true> = {
  index: true,
  pk: true,
  sk: true,
  sk2: true,
  limit: true,
  consistent: true,
  projection: true,
  filter: true,
  readBudget: true,
};
const PROJECTION_TYPES: readonly unknown[] = [
  'ALL',
  'KEYS_ONLY',
  'INCLUDE',
] satisfies IndexModel['projection']['type'][];

/** Host-written prose (errors, notes, summaries): no length limit, the host is not the untrusted side. */
function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isName(v: unknown): v is string {
  return isText(v, MAX_NAME) && v !== '';
}

function isAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isArrayOf<T>(v: unknown, guard: (x: unknown) => x is T): v is T[] {
  return Array.isArray(v) && v.every((x) => guard(x));
}

function isKeyAttribute(v: unknown): v is KeyAttribute {
  return isRecord(v) && isName(v.name) && (v.type === undefined || v.type === 'S' || v.type === 'N' || v.type === 'B');
}

function isOptionalKey(v: unknown): v is KeyAttribute | undefined {
  return v === undefined || isKeyAttribute(v);
}

// The table guards check only what the page reads (keys, indexes, billing); DescribeTable's other
// fields (throughput, TTL, streams...) ride along unchecked and unused.
function isIndexModel(v: unknown): v is IndexModel {
  return (
    isRecord(v) &&
    isName(v.name) &&
    (v.kind === 'GSI' || v.kind === 'LSI') &&
    isKeyAttribute(v.partitionKey) &&
    isOptionalKey(v.sortKey) &&
    isRecord(v.projection) &&
    PROJECTION_TYPES.includes(v.projection.type)
  );
}

function isTableModel(v: unknown): v is TableModel {
  return (
    isRecord(v) &&
    isName(v.name) &&
    (v.billingMode === 'PROVISIONED' || v.billingMode === 'PAY_PER_REQUEST') &&
    isKeyAttribute(v.partitionKey) &&
    isOptionalKey(v.sortKey) &&
    isArrayOf(v.indexes, isIndexModel)
  );
}

// Mirrors the host's own reader of stored history (core/query/queryHistory.ts): no key whitelist,
// so an entry the host accepts is never one the page drops.
function isHistoryEntry(v: unknown): v is HistoryEntry {
  return (
    isRecord(v) &&
    isText(v.id, 64) &&
    isText(v.at, 64) &&
    isPlace(v.place) &&
    isName(v.table) &&
    isPanelRequest(v.request) &&
    isString(v.summary)
  );
}

function isRunSummary(v: unknown): v is RunSummary {
  return (
    isRecord(v) &&
    hasOnly(v, ['mode', 'count', 'scannedCount', 'readUnits', 'costUsd', 'pages', 'stoppedByBudget']) &&
    (v.mode === 'query' || v.mode === 'scan') &&
    isCount(v.count) &&
    isCount(v.scannedCount) &&
    isCount(v.pages) &&
    isAmount(v.readUnits) &&
    isAmount(v.costUsd) &&
    typeof v.stoppedByBudget === 'boolean'
  );
}

function isFieldErrors(v: unknown): v is FieldErrors {
  return isRecord(v) && Object.entries(v).every(([k, message]) => Object.hasOwn(PANEL_FIELDS, k) && isString(message));
}

/** An item as the host's JSON encoding writes it: a plain object (its values are only ever shown as text). */
function isJsonObject(v: unknown): v is JsonObject {
  return isRecord(v) && Object.prototype.toString.call(v) === '[object Object]';
}

/**
 * The guard the page runs on every message from the host: a message of a known type with exactly
 * its fields, each of the right shape, or undefined.
 */
export function parseHostMessage(v: unknown): HostMessage | undefined {
  if (!isRecord(v) || typeof v.type !== 'string') return undefined;
  const only = (...keys: string[]) => hasOnly(v, ['type', ...keys]);
  const type = v.type as HostMessage['type'];
  switch (type) {
    case 'init':
      return only('places', 'place', 'tables', 'table', 'request', 'history', 'session') &&
        isArrayOf(v.places, isPlace) &&
        (v.place === null || isPlace(v.place)) &&
        (v.tables === null || isArrayOf(v.tables, isName)) &&
        (v.table === null || isTableModel(v.table)) &&
        isPanelRequest(v.request) &&
        isArrayOf(v.history, isHistoryEntry) &&
        isSessionTotals(v.session)
        ? {
            type,
            places: v.places,
            place: v.place,
            tables: v.tables,
            table: v.table,
            request: v.request,
            history: v.history,
            session: v.session,
          }
        : undefined;
    case 'tables':
      return only('place', 'tables') && isPlace(v.place) && isArrayOf(v.tables, isName)
        ? { type, place: v.place, tables: v.tables }
        : undefined;
    case 'table':
      return only('place', 'table', 'request') && isPlace(v.place) && isTableModel(v.table) && isPanelRequest(v.request)
        ? { type, place: v.place, table: v.table, request: v.request }
        : undefined;
    case 'running':
    case 'error':
    case 'notice':
      return only('message') && isString(v.message) ? { type, message: v.message } : undefined;
    case 'results':
      return only('append', 'items', 'keyNames', 'run', 'session', 'hasMore', 'notes') &&
        typeof v.append === 'boolean' &&
        isArrayOf(v.items, isJsonObject) &&
        isArrayOf(v.keyNames, isName) &&
        isRunSummary(v.run) &&
        isSessionTotals(v.session) &&
        typeof v.hasMore === 'boolean' &&
        isArrayOf(v.notes, isString)
        ? {
            type,
            append: v.append,
            items: v.items,
            keyNames: v.keyNames,
            run: v.run,
            session: v.session,
            hasMore: v.hasMore,
            notes: v.notes,
          }
        : undefined;
    case 'invalid':
      return only('errors') && isFieldErrors(v.errors) ? { type, errors: v.errors } : undefined;
    case 'cancelled':
      return only() ? { type } : undefined;
    case 'history':
      return only('entries') && isArrayOf(v.entries, isHistoryEntry) ? { type, entries: v.entries } : undefined;
    case 'prefill':
      return only('request') && isPanelRequest(v.request) ? { type, request: v.request } : undefined;
    default: {
      // Unknown types land here at run time; at compile time `type` is never once each has its case.
      const never: never = type;
      void never;
      return undefined;
    }
  }
}
