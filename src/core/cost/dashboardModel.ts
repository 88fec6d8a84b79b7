// What a table's dashboard shows, as plain data the page only draws: the charts over the analysed
// window (consumed against provisioned and simulated auto-scaled capacity, throttle events by cause,
// latency), the figures DescribeTable has no history for (item count, size), and the cost texts.
import { reasonTitle } from '../metrics/presentation';
import type { TableCostReport } from './costReport';
import { throttleNote } from './advice';
import { costPartLine, costParts, costSummary, savingsLine } from './costPresentation';
import { money } from './money';
import { formatUnits, type ResourceUsage } from './costModel';
import type { TableHistory } from './tableHistory';

/** Colours the page maps to the editor's chart colours (`--vscode-charts-*`). */
export const SERIES_COLORS = ['blue', 'orange', 'green', 'red', 'purple', 'yellow', 'foreground'] as const;
export type SeriesColor = (typeof SERIES_COLORS)[number];
export const SERIES_STYLES = ['line', 'dashed', 'step', 'bars'] as const;
export type SeriesStyle = (typeof SERIES_STYLES)[number];

export interface ChartSeries {
  label: string;
  /** One value per period of the window; null where there is none (a gap). */
  values: (number | null)[];
  style: SeriesStyle;
  color: SeriesColor;
}

export interface ChartModel {
  id: string;
  title: string;
  unit: string;
  series: ChartSeries[];
  /** Why the chart is empty or partial, one sentence. */
  note?: string;
}

export interface DashboardModel {
  table: string;
  region: string | null;
  summary: string;
  /** Epoch seconds of each period's start: the charts' shared x axis. */
  times: number[];
  periodSeconds: number;
  days: number;
  charts: ChartModel[];
  figures: { label: string; value: string; note: string }[];
  parts: { label: string; value: string; note: string }[];
  recommendations: { action: string; savings: string; evidence: string }[];
  notes: string[];
}

const rate = (units: readonly number[], period: number): (number | null)[] =>
  units.map((u) => (Number.isFinite(u) ? u / period : null));
const orNull = (xs: readonly number[] | undefined): (number | null)[] | undefined =>
  xs?.map((v) => (Number.isFinite(v) ? v : null));
const hasValue = (xs: readonly (number | null)[]) => xs.some((v) => v !== null && v !== 0);

function capacityChart(
  id: 'read' | 'write',
  usage: ResourceUsage,
  simulated: readonly number[],
  period: number,
  provisionedTable: boolean,
): ChartModel {
  const unit = id === 'read' ? 'RCU' : 'WCU';
  const provisioned = orNull(id === 'read' ? usage.provisionedRead : usage.provisionedWrite);
  return {
    id,
    title: id === 'read' ? 'Read capacity' : 'Write capacity',
    unit: `${unit}/s`,
    series: [
      {
        label: 'Consumed',
        values: rate(id === 'read' ? usage.read : usage.write, period),
        style: 'line',
        color: 'blue',
      },
      ...(provisionedTable && provisioned
        ? [{ label: 'Provisioned', values: provisioned, style: 'step' as const, color: 'orange' as const }]
        : []),
      { label: 'Auto scaling (simulated)', values: [...simulated], style: 'dashed', color: 'green' },
    ],
  };
}

/** The dashboard of one analysed table; `history` adds throttling and latency when it could be read. */
export function dashboardModel(report: TableCostReport, history: TableHistory | undefined): DashboardModel | undefined {
  const { advice, usage, table } = report;
  if (!advice || !usage) return undefined;
  const w = usage.window;
  const times = Array.from({ length: w.periods }, (_, i) => w.startSec + i * w.periodSeconds);
  const provisioned = table.billingMode === 'PROVISIONED';
  const days = Math.round((w.periods * w.periodSeconds) / 86_400);
  const charts: ChartModel[] = [
    capacityChart('read', usage.table, advice.replay.table.read.capacity, w.periodSeconds, provisioned),
    capacityChart('write', usage.table, advice.replay.table.write.capacity, w.periodSeconds, provisioned),
  ];
  // The history has its own window: aligned to the same periods, it is placed by time.
  const align = (values: readonly number[], missing: null | number): (number | null)[] => {
    const out = new Array<number | null>(w.periods).fill(missing);
    if (!history) return out;
    values.forEach((v, i) => {
      const k = (history.window.startSec + i * history.window.periodSeconds - w.startSec) / w.periodSeconds;
      if (Number.isInteger(k) && k >= 0 && k < w.periods) out[k] = Number.isFinite(v) ? v : null;
    });
    return out;
  };
  const unread = history?.error ?? (history ? undefined : 'Not read yet.');
  const throttles = (history?.throttles ?? []).map((t, i) => ({
    label: `${reasonTitle(t.metric)}${t.index ? ` · ${t.index}` : ''}`,
    values: align(t.values, 0),
    style: 'bars' as const,
    color: (['red', 'orange', 'purple', 'yellow'] as const)[i % 4] as SeriesColor,
  }));
  const anyThrottle = throttles.some((s) => hasValue(s.values));
  charts.push({
    id: 'throttles',
    title: 'Throttle events by cause',
    unit: 'events / 5 min',
    series: throttles.filter((s) => hasValue(s.values)),
    ...(unread ? { note: unread } : anyThrottle ? {} : { note: `No throttle event in ${days} days.` }),
  });
  const latency = (history?.latency ?? [])
    .map((l, i) => ({
      label: l.operation,
      values: align(l.values, null),
      style: 'line' as const,
      color: (['blue', 'green', 'purple', 'yellow', 'orange'] as const)[i % 5] as SeriesColor,
    }))
    .filter((s) => s.values.some((v) => v !== null));
  charts.push({
    id: 'latency',
    title: 'Latency (average, server side)',
    unit: 'ms',
    series: latency,
    ...(unread
      ? { note: unread }
      : latency.length === 0
        ? {
            note: 'No successful request of the operations read (GetItem, Query, Scan, PutItem, UpdateItem) in the window.',
          }
        : {}),
  });
  const cost = advice.cost;
  const size = table.sizeBytes;
  const figures = [
    {
      label: 'Items',
      value: table.itemCount === undefined ? 'unknown' : formatUnits(table.itemCount),
      note: "DescribeTable's count, updated by DynamoDB about every six hours; CloudWatch keeps no history of it.",
    },
    {
      label: 'Size',
      value: size === undefined ? 'unknown' : formatBytes(size),
      note: "DescribeTable's size, updated about every six hours; CloudWatch keeps no history of it.",
    },
    { label: 'Storage', value: `${money(cost.storage.usd, cost.currency)}/month`, note: cost.storage.note },
  ];
  const note = throttleNote(advice);
  return {
    table: table.name,
    region: table.region ?? null,
    summary: costSummary(advice),
    times,
    periodSeconds: w.periodSeconds,
    days,
    charts,
    figures,
    parts: costParts(cost).map((p) => ({ label: p.label, value: costPartLine(p, cost.currency), note: p.note })),
    recommendations: advice.recommendations.map((r) => ({
      action: r.action,
      savings: savingsLine(r, cost.currency),
      evidence: r.evidence,
    })),
    notes: [...(note ? [note] : []), ...cost.assumptions],
  };
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
