// The one protocol between the query panel (browser) and the extension host: discriminated unions
// for both directions, and the hand-written guards the host runs on every message it receives (a
// webview is untrusted input: its messages are checked field by field, with length limits).
import type { CodeFlavor } from '../core/query/copyAsCode';
import type { JsonObject } from '../core/query/itemJson';
import type { FieldErrors, PanelRequest } from '../core/query/panelRequest';
import type { SortKeyOp } from '../core/query/requests';
import type { TableModel } from '../core/tables/tableModel';

export const QUERY_PANEL_VIEW_TYPE = 'dynamoGuard.queryPanel';

/** A connection and, when it lists several, one of its regions (null: the profile's region). */
export interface Place {
  connection: string;
  region: string | null;
}

export type ExportFormat = 'json' | 'csv';

export interface RunSummary {
  mode: 'query' | 'scan';
  /** Items returned by this run (after the filter). */
  count: number;
  /** Items DynamoDB read (before the filter): what the run paid for. */
  scannedCount: number;
  readUnits: number;
  costUsd: number;
  pages: number;
  /** Scan only: paging stopped because the read budget was spent. */
  stoppedByBudget: boolean;
}

export interface SessionTotals {
  runs: number;
  readUnits: number;
  costUsd: number;
}

export interface HistoryEntry {
  id: string;
  /** ISO time of the run. */
  at: string;
  place: Place;
  table: string;
  request: PanelRequest;
  /** One line: `GSI1 · GSI1PK = CATEGORY#books · 3 items`. */
  summary: string;
}

/** What the webview keeps across reloads (vscode.setState) and the serializer reads back. */
export interface PanelState {
  place: Place | null;
  table: string | null;
  request: PanelRequest;
  session: SessionTotals;
}

/** Test-only DOM facts, answered only when the host says it runs under the test runner. */
export interface DomSnapshot {
  ariaRowCount: number;
  renderedRows: number;
  columns: string[];
  pinnedColumns: string[];
  cells: { row: number; column: string; text: string; html: string }[];
  imgElements: number;
  scriptElements: number;
  inlineHandlers: number;
  status: string;
  /** The one-sentence problem line (AWS errors, unreadable tables), '' when none. */
  problem: string;
  errors: Partial<Record<string, string>>;
  jsonView: string | null;
  activeCell: { row: number; column: number } | null;
  loadMoreEnabled: boolean;
  form: PanelRequest;
  table: string | null;
  /** The index picker's option labels, the table's own first. */
  indexOptions: string[];
  /** The history list's entries as shown, newest first. */
  history: string[];
  /** The notes under the status line (filter, budget, projection, billing). */
  notes: string[];
}

export type DebugAction =
  | { kind: 'snapshot' }
  | { kind: 'submit' }
  | { kind: 'loadMore' }
  | { kind: 'setField'; field: keyof PanelRequest; value: string | boolean }
  | { kind: 'key'; key: string }
  | { kind: 'focusGrid' }
  | { kind: 'focusField'; field: keyof PanelRequest }
  /** Clicks "Run again" on the history entry at this position (0 = newest). */
  | { kind: 'rerun'; entry: number };

/** Host → webview. */
export type HostMessage =
  | { type: 'init'; places: Place[]; place: Place | null; tables: string[] | null; table: TableModel | null; request: PanelRequest; history: HistoryEntry[]; session: SessionTotals; testMode: boolean }
  | { type: 'tables'; place: Place; tables: string[] }
  | { type: 'table'; place: Place; table: TableModel; request: PanelRequest }
  | { type: 'running'; message: string }
  | { type: 'results'; append: boolean; items: JsonObject[]; keyNames: string[]; run: RunSummary; session: SessionTotals; hasMore: boolean; notes: string[] }
  | { type: 'invalid'; errors: FieldErrors }
  | { type: 'error'; message: string }
  | { type: 'cancelled' }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'notice'; message: string }
  | { type: 'prefill'; request: PanelRequest }
  | { type: 'debug/act'; id: number; action: DebugAction };

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
  | { type: 'rerun'; id: string }
  | { type: 'debug/result'; id: number; snapshot: DomSnapshot };

const MAX_TEXT = 4096;
const SORT_OPS: readonly (SortKeyOp | '')[] = ['', '=', '<', '<=', '>', '>=', 'begins_with', 'between'];
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

export function isPlace(v: unknown): v is Place {
  return isRecord(v) && hasOnly(v, ['connection', 'region']) && isText(v.connection, 256) && v.connection !== '' && (v.region === null || isText(v.region, 64));
}

const REQUEST_KEYS = ['mode', 'index', 'pk', 'skOp', 'sk', 'sk2', 'limit', 'descending', 'consistent', 'projection', 'filter', 'readBudget'] as const;

export function isPanelRequest(v: unknown): v is PanelRequest {
  if (!isRecord(v) || !hasOnly(v, REQUEST_KEYS)) return false;
  return (v.mode === 'query' || v.mode === 'scan')
    && isText(v.index, 255) && isText(v.pk) && isText(v.sk) && isText(v.sk2)
    && (SORT_OPS as readonly unknown[]).includes(v.skOp)
    && isText(v.limit, 32) && isText(v.readBudget, 32)
    && typeof v.descending === 'boolean' && typeof v.consistent === 'boolean'
    && isText(v.projection) && isText(v.filter);
}

function isSessionTotals(v: unknown): v is SessionTotals {
  return isRecord(v) && [v.runs, v.readUnits, v.costUsd].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
}

export function isPanelState(v: unknown): v is PanelState {
  return isRecord(v)
    && (v.place === null || isPlace(v.place))
    && (v.table === null || isText(v.table, 255))
    && isPanelRequest(v.request)
    && isSessionTotals(v.session);
}

function isSnapshot(v: unknown): v is DomSnapshot {
  return isRecord(v) && typeof v.ariaRowCount === 'number' && Array.isArray(v.cells) && Array.isArray(v.columns) && isPanelRequest(v.form);
}

/**
 * The guard the host runs on every message from the panel. Test-only messages (`debug/result`) are
 * accepted only when the host runs under the test runner.
 */
export function parseWebviewMessage(v: unknown, options: { testMode: boolean }): WebviewMessage | undefined {
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
      return only('place', 'table') && isPlace(v.place) && isText(v.table, 255) && v.table !== '' ? { type: 'selectTable', place: v.place, table: v.table } : undefined;
    case 'run':
      return only('request') && isPanelRequest(v.request) ? { type: 'run', request: v.request } : undefined;
    case 'export':
      return only('format') && (v.format === 'json' || v.format === 'csv') ? { type: 'export', format: v.format } : undefined;
    case 'copyAsCode':
      return only('flavor') && (FLAVORS as readonly unknown[]).includes(v.flavor) ? { type: 'copyAsCode', flavor: v.flavor as CodeFlavor } : undefined;
    case 'rerun':
      return only('id') && isText(v.id, 64) ? { type: 'rerun', id: v.id } : undefined;
    case 'debug/result':
      return options.testMode && only('id', 'snapshot') && typeof v.id === 'number' && isSnapshot(v.snapshot) ? { type: 'debug/result', id: v.id, snapshot: v.snapshot } : undefined;
    default:
      return undefined;
  }
}
