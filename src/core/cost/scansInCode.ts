// What the Scans the analyzer found on a table cost a month at the read rate the cost window observed:
// one full pass from the table's (or index's) size, and the most full passes a month those reads
// allow, since each read the table served could have been one of the Scans.
import { fullScanEstimate, passesAtReadRate, type PassesAtRate } from '../pricing';
import type { TableModel } from '../tables/tableModel';
import { priceBook, windowSeconds, type PriceOverride, type TableUsage } from './costModel';

/** A Scan in code, as the analyzer reports it on this table. */
export interface ScanInCode {
  /** The index it scans, if any. */
  index?: string;
  consistent: boolean;
}

export interface ScanGroupCost extends PassesAtRate {
  /** The scanned index; undefined for the table itself. */
  index?: string;
  consistent: boolean;
  /** How many Scans in code read this target this way. */
  scans: number;
  /** Size the pass rests on (DescribeTable), bytes; undefined when not reported. */
  sizeBytes: number | undefined;
  pass: { readUnits: number; cost: number };
  /** Mean consumed read units per second of the target over the cost window. */
  readUnitsPerSecond: number;
}

export interface ScansInCodeCost {
  scans: number;
  currency: string;
  /** One per scanned target and consistency, dearest month first. */
  groups: ScanGroupCost[];
}

/** Mean units per second over the window (missing periods count as 0). */
export function meanRate(series: readonly number[], seconds: number): number {
  if (seconds <= 0) return 0;
  return series.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) / seconds;
}

/**
 * The Scans' cost at the observed reads: per target (the table or an index) and consistency, one full
 * pass and the upper bound of passes (and their cost) a day and a month. Undefined without Scans.
 */
export function scansInCodeCost(
  table: TableModel,
  usage: TableUsage,
  scans: readonly ScanInCode[],
  prices?: PriceOverride,
): ScansInCodeCost | undefined {
  if (scans.length === 0) return undefined;
  const book = priceBook(table.region, prices);
  const sheet = book.sheet(table.tableClass);
  const seconds = windowSeconds(usage.window);
  const groups = new Map<string, ScanGroupCost>();
  for (const s of scans) {
    const ix = s.index === undefined ? undefined : table.indexes.find((i) => i.name === s.index);
    const key = `${ix?.name ?? ''}|${s.consistent}`;
    const known = groups.get(key);
    if (known) {
      known.scans++;
      continue;
    }
    const sizeBytes = ix ? ix.sizeBytes : table.sizeBytes;
    const pass = fullScanEstimate({ ...table, sizeBytes }, { consistent: s.consistent, prices: sheet });
    // A GSI has its own capacity; an LSI's reads are the table's.
    const series = ix?.kind === 'GSI' ? (usage.indexes[ix.name]?.read ?? []) : usage.table.read;
    const readUnitsPerSecond = meanRate(series, seconds);
    groups.set(key, {
      ...(ix ? { index: ix.name } : {}),
      consistent: s.consistent,
      scans: 1,
      sizeBytes,
      pass: { readUnits: pass.readUnits, cost: pass.costUsd },
      readUnitsPerSecond,
      ...passesAtReadRate(pass, readUnitsPerSecond),
    });
  }
  return {
    scans: scans.length,
    currency: book.currency,
    groups: [...groups.values()].sort((a, b) => b.usdPerMonth - a.usdPerMonth),
  };
}
