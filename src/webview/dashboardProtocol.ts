// The one protocol between a table dashboard (browser) and the extension host: a discriminated union
// per direction and the guards each side runs on every message it receives. The page is untrusted
// input to the host; the host's messages are checked by shape too, so a malformed one is dropped.
import {
  SERIES_COLORS,
  SERIES_STYLES,
  type ChartModel,
  type ChartSeries,
  type DashboardModel,
} from '../core/cost/dashboardModel';

export const DASHBOARD_VIEW_TYPE = 'dynamoGuard.tableDashboard';

/** Which table a dashboard shows (the page keeps it with setState; the serializer reads it back). */
export interface DashboardTarget {
  connection: string;
  region: string;
  table: string;
}

/** A time range in epoch seconds (the zoom). */
export interface TimeRange {
  from: number;
  to: number;
}

/** What the page drew, reported after every render and zoom (the host logs it; tests read it). */
export interface RenderedChart {
  id: string;
  series: string[];
  /** Points drawn per series (non-empty values in the visible range). */
  points: number[];
  /** The colour each series was drawn in, as the theme's variable resolved. */
  colors?: string[];
}

/** Host → page. */
export type DashboardHostMessage =
  | { type: 'loading'; target: DashboardTarget; message: string }
  | { type: 'data'; target: DashboardTarget; model: DashboardModel; range: TimeRange | null }
  | { type: 'error'; target: DashboardTarget; message: string }
  | { type: 'range'; range: TimeRange | null };

/** Page → host. */
export type DashboardPageMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  /** `theme`: the page's theme kind (`vscode-dark`, `vscode-high-contrast`, …) when drawn. */
  | { type: 'rendered'; charts: RenderedChart[]; range: TimeRange | null; theme?: string };

const MAX_NAME = 255;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOnly(v: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isArrayOf<T>(v: unknown, guard: (x: unknown) => x is T, max = 100_000): v is T[] {
  return Array.isArray(v) && v.length <= max && v.every((x) => guard(x));
}

export function isDashboardTarget(v: unknown): v is DashboardTarget {
  return (
    isRecord(v) &&
    hasOnly(v, ['connection', 'region', 'table']) &&
    isName(v.connection) &&
    isName(v.region) &&
    isName(v.table)
  );
}

export function isTimeRange(v: unknown): v is TimeRange {
  return isRecord(v) && hasOnly(v, ['from', 'to']) && isNumber(v.from) && isNumber(v.to) && v.from < v.to;
}

const isColor = (x: unknown): x is string => isString(x) && x.length <= 64;
const isThemeKind = (x: unknown): x is string => isString(x) && /^[a-z-]{1,40}$/.test(x);

function isRenderedChart(v: unknown): v is RenderedChart {
  return (
    isRecord(v) &&
    hasOnly(v, ['id', 'series', 'points', 'colors']) &&
    isName(v.id) &&
    isArrayOf(v.series, (x): x is string => isString(x) && x.length <= 512, 64) &&
    isArrayOf(v.points, (x): x is number => Number.isSafeInteger(x) && (x as number) >= 0, 64) &&
    (v.colors === undefined || isArrayOf(v.colors, isColor, 64))
  );
}

/** The guard the host runs on every message from the page. */
export function parseDashboardPageMessage(v: unknown): DashboardPageMessage | undefined {
  if (!isRecord(v) || typeof v.type !== 'string') return undefined;
  const only = (...keys: string[]) => hasOnly(v, ['type', ...keys]);
  switch (v.type) {
    case 'ready':
    case 'refresh':
      return only() ? { type: v.type } : undefined;
    case 'rendered':
      return only('charts', 'range', 'theme') &&
        isArrayOf(v.charts, isRenderedChart, 32) &&
        (v.range === null || isTimeRange(v.range)) &&
        (v.theme === undefined || isThemeKind(v.theme))
        ? { type: 'rendered', charts: v.charts, range: v.range, ...(v.theme !== undefined ? { theme: v.theme } : {}) }
        : undefined;
    default:
      return undefined;
  }
}

const isValue = (x: unknown): x is number | null => x === null || isNumber(x);

function isSeries(v: unknown, length: number): v is ChartSeries {
  return (
    isRecord(v) &&
    hasOnly(v, ['label', 'values', 'style', 'color']) &&
    isString(v.label) &&
    isArrayOf(v.values, isValue) &&
    v.values.length === length &&
    (SERIES_STYLES as readonly unknown[]).includes(v.style) &&
    (SERIES_COLORS as readonly unknown[]).includes(v.color)
  );
}

function isChart(v: unknown, length: number): v is ChartModel {
  return (
    isRecord(v) &&
    hasOnly(v, ['id', 'title', 'unit', 'series', 'note']) &&
    isName(v.id) &&
    isString(v.title) &&
    isString(v.unit) &&
    Array.isArray(v.series) &&
    v.series.every((s) => isSeries(s, length)) &&
    (v.note === undefined || isString(v.note))
  );
}

const isTextRow =
  (keys: readonly string[]) =>
  (v: unknown): v is Record<string, string> =>
    isRecord(v) && hasOnly(v, keys) && keys.every((k) => isString(v[k]));

export function isDashboardModel(v: unknown): v is DashboardModel {
  if (!isRecord(v) || !isArrayOf(v.times, isNumber)) return false;
  const length = v.times.length;
  return (
    hasOnly(v, [
      'table',
      'region',
      'summary',
      'times',
      'periodSeconds',
      'days',
      'charts',
      'figures',
      'parts',
      'recommendations',
      'notes',
    ]) &&
    isName(v.table) &&
    (v.region === null || isName(v.region)) &&
    isString(v.summary) &&
    isNumber(v.periodSeconds) &&
    v.periodSeconds > 0 &&
    isNumber(v.days) &&
    Array.isArray(v.charts) &&
    v.charts.every((c) => isChart(c, length)) &&
    isArrayOf(v.figures, isTextRow(['label', 'value', 'note'])) &&
    isArrayOf(v.parts, isTextRow(['label', 'value', 'note'])) &&
    isArrayOf(v.recommendations, isTextRow(['action', 'savings', 'evidence'])) &&
    isArrayOf(v.notes, isString)
  );
}

/** The guard the page runs on every message from the host. */
export function parseDashboardHostMessage(v: unknown): DashboardHostMessage | undefined {
  if (!isRecord(v) || typeof v.type !== 'string') return undefined;
  const only = (...keys: string[]) => hasOnly(v, ['type', ...keys]);
  const type = v.type as DashboardHostMessage['type'];
  switch (type) {
    case 'loading':
    case 'error':
      return only('target', 'message') && isDashboardTarget(v.target) && isString(v.message)
        ? { type, target: v.target, message: v.message }
        : undefined;
    case 'data':
      return only('target', 'model', 'range') &&
        isDashboardTarget(v.target) &&
        isDashboardModel(v.model) &&
        (v.range === null || isTimeRange(v.range))
        ? { type, target: v.target, model: v.model, range: v.range }
        : undefined;
    case 'range':
      return only('range') && (v.range === null || isTimeRange(v.range)) ? { type, range: v.range } : undefined;
    default: {
      const never: never = type;
      void never;
      return undefined;
    }
  }
}
