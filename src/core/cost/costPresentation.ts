// Words and figures for the cost of a table, shared by the CLI's text output, the Tables view and the
// dashboard, so each front end says the same thing.
import { formatUsd } from '../pricing';
import type { Recommendation, RecommendationKind, TableAdvice } from './advice';
import type { TableAlarm } from './alarms';
import type { CostLine, TableCost } from './costModel';
import { money } from './money';
import type { ScansInCodeCost } from './scansInCode';

/** Whole dollars for glances ("$41"), cents under $10 ("$4.20"), never "$0" for a real cost. */
export function glanceMoney(usd: number, currency = 'USD'): string {
  const n = usd >= 10 ? Math.round(usd).toLocaleString('en-US') : usd >= 0.01 || usd === 0 ? usd.toFixed(2) : '<0.01';
  return currency === 'USD' ? `$${n}` : `${n} ${currency}`;
}

const SHORT: Record<RecommendationKind, (r: Recommendation) => string> = {
  'billing-mode': (r) => (r.action.includes('on-demand') ? 'with on-demand' : 'with provisioned'),
  'over-provisioned': (r) => (r.index ? `by lowering ${r.index}'s capacity` : 'by lowering capacity'),
  'table-class': (r) => (r.action.includes('Standard-IA') ? 'with Standard-IA' : 'with Standard'),
  'unused-index': (r) => `without ${r.index ?? 'an unused index'}`,
};

/** "≈ $41/month · save $18 with provisioned": the one-line cost of a table. */
export function costSummary(advice: TableAdvice): string {
  const { cost, recommendations } = advice;
  const head = `≈ ${glanceMoney(cost.total, cost.currency)}/month`;
  const best = recommendations[0];
  return best ? `${head} · save ${glanceMoney(best.monthlySavingsUsd, cost.currency)} ${SHORT[best.kind](best)}` : head;
}

export interface CostPart {
  label: string;
  usd: number;
  basis: CostLine['basis'];
  note: string;
}

/** The split of the monthly cost, in display order. */
export function costParts(cost: TableCost): CostPart[] {
  const indexNote =
    cost.indexes.items.length === 0
      ? 'No global secondary indexes.'
      : cost.indexes.items.map((i) => `${i.index} ${money(i.total, cost.currency)}`).join(', ');
  return [
    { label: 'Reads', ...cost.reads },
    { label: 'Writes', ...cost.writes },
    { label: 'Storage', ...cost.storage },
    { label: 'Indexes', usd: cost.indexes.usd, basis: cost.indexes.basis, note: indexNote },
    { label: 'Backups', ...cost.backups },
  ];
}

/** Dollars in JSON: to 1/100 of a cent, so tiny tables keep a figure and sums stay readable. */
export function jsonUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

/** "$32.85 · measured": one part of the split as a row shows it. */
export function costPartLine(part: CostPart, currency = 'USD'): string {
  return `${money(part.usd, currency)} · ${part.basis}`;
}

/** "saves $22.49/month": a recommendation's savings as a row shows them. */
export function savingsLine(r: Recommendation, currency = 'USD'): string {
  return `saves ${money(r.monthlySavingsUsd, currency)}/month`;
}

/** What copying a recommendation puts on the clipboard: what to do, what it saves, and why. */
export function recommendationText(r: Recommendation, currency = 'USD'): string {
  return `${r.action} Saves ${money(r.monthlySavingsUsd, currency)}/month.\n${r.evidence}`;
}

/** "2 existing · 2 suggested": the alarms row of a table. */
export function alarmsLine(alarms: readonly TableAlarm[], checked: boolean): string {
  const existing = alarms.filter((a) => a.source === 'existing').length;
  const suggested = alarms.length - existing;
  return `${checked ? `${existing} existing` : 'existing not checked yet'} · ${suggested} suggested`;
}

/** "ALARM · ReadThrottleEvents" for an existing alarm, "suggested · Any throttled read in a minute." for one to copy. */
export function alarmLine(a: TableAlarm): string {
  if (a.source === 'suggested') return `suggested · ${a.reason ?? a.metric}`;
  return `${a.state ?? 'unknown state'} · ${a.metric}${a.autoScaling ? ' (auto scaling)' : ''}`;
}

/**
 * "≈ $412/month for 12 tables", or "≈ $398/month for 11 of 12 tables" while some are not analysed:
 * the total of a connection's listed tables. Undefined when none is analysed yet.
 */
export function costTotalLine(
  costs: readonly Pick<TableCost, 'total' | 'currency'>[],
  listed: number,
): string | undefined {
  if (costs.length === 0) return undefined;
  const currency = costs[0]?.currency ?? 'USD';
  const total = costs.reduce((n, c) => n + c.total, 0);
  const of = costs.length < listed ? `${costs.length} of ${listed}` : `${costs.length}`;
  return `≈ ${glanceMoney(total, currency)}/month for ${of} table${listed === 1 ? '' : 's'}`;
}

/** What the view's cost analyses cost in CloudWatch this session. */
export interface AnalysisSpend {
  getMetricDataCalls: number;
  metricsRequested: number;
  usd: number;
  describeAlarmsCalls: number;
  /** Tables whose series came from the day's cache (no call). */
  cachedTables: number;
}

/** "$0.0004 this session · 40 metrics in 1 call · 3 tables from today's cache". */
export function analysisSpendLine(s: AnalysisSpend): string {
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  return [
    `${formatUsd(s.usd)} this session`,
    `${plural(s.metricsRequested, 'metric')} in ${plural(s.getMetricDataCalls, 'call')}`,
    s.describeAlarmsCalls > 0 ? plural(s.describeAlarmsCalls, 'alarm look-up') : '',
    s.cachedTables > 0 ? `${plural(s.cachedTables, 'table')} from today's cache` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Small amounts with two significant digits ("$0.000052"), else cents: what one Scan pass costs. */
export function passMoney(usd: number, currency = 'USD'): string {
  const n =
    usd >= 0.01 || usd === 0
      ? usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : usd.toLocaleString('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20 });
  return currency === 'USD' ? `$${n}` : `${n} ${currency}`;
}

function passCount(n: number): string {
  if (n > 0 && n < 0.01) return '<0.01';
  return n.toLocaleString('en-US', { maximumFractionDigits: n >= 10 ? 0 : 2 });
}

/** "2 Scans in code · one pass $0.16 · at the observed reads ≤ 20 passes/day ≈ $98/month" (the dearest target). */
export function scansInCodeLine(c: ScansInCodeCost): string {
  const head = `${c.scans} Scan${c.scans === 1 ? '' : 's'} in code`;
  const g = c.groups[0];
  if (!g) return head;
  return `${head} · one pass ${passMoney(g.pass.cost, c.currency)} · at the observed reads ≤ ${passCount(g.passesPerDay)} passes/day ≈ ${glanceMoney(g.usdPerMonth, c.currency)}/month`;
}

/** The evidence behind scansInCodeLine, one paragraph per scanned target and consistency. */
export function scansInCodeEvidence(
  c: ScansInCodeCost,
  table: string,
  billingMode: TableCost['billingMode'],
  days: number,
): string[] {
  const units = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const priced = billingMode === 'PAY_PER_REQUEST' ? 'at on-demand rates' : 'as its share of provisioned capacity';
  return c.groups.map((g) => {
    const what = g.index ? `Index ${g.index} of ${table}` : `Table ${table}`;
    const size =
      g.sizeBytes === undefined
        ? 'size not reported, counted as empty'
        : `${units(g.sizeBytes / 1024 ** 2)} MiB as DescribeTable reports it, updated about every six hours`;
    return (
      `${what}, ${g.scans} Scan${g.scans === 1 ? '' : 's'} in code: one full pass reads ${units(g.pass.readUnits)} read units (${g.consistent ? 'strongly' : 'eventually'} consistent; ${size}), ${passMoney(g.pass.cost, c.currency)} ${priced}. ` +
      `Over the ${days}-day window it consumed ${units(g.readUnitsPerSecond)} read units a second on average: were every read one of these Scans, that is at most ${passCount(g.passesPerDay)} passes a day, ${passCount(g.passesPerMonth)} a 730-hour month, ${money(g.usdPerMonth, c.currency)} a month. An upper bound: other requests read too.`
    );
  });
}
