// Words and figures for the cost of a table, shared by the CLI's text output, the Tables view and the
// dashboard, so each front end says the same thing.
import type { Recommendation, RecommendationKind, TableAdvice } from './advice';
import type { CostLine, TableCost } from './costModel';

/** Whole dollars for glances ("$41"), cents under $10 ("$4.20"), never "$0" for a real cost. */
export function glanceMoney(usd: number, currency = 'USD'): string {
  const n = usd >= 10 ? Math.round(usd).toLocaleString('en-US') : usd >= 0.01 || usd === 0 ? usd.toFixed(2) : '<0.01';
  return currency === 'USD' ? `$${n}` : `${n} ${currency}`;
}

export function money(usd: number, currency = 'USD'): string {
  const n = usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
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
  const indexNote = cost.indexes.items.length === 0
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
