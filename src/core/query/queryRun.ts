// What a query panel keeps of its runs, editor-free: where it runs (a connection and a region), the
// loaded result set with the key the next page starts from, the session's read units and cost, the
// notes under a run, the one line the history shows, and the sentences that ask before a Scan.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { formatUsd, type ScanEstimate } from '../pricing';
import type { TableModel } from '../tables/tableModel';
import type { SentRequest } from './copyAsCode';
import type { JsonObject } from './itemJson';
import type { PanelRequest } from './panelRequest';
import type { QuerySpec, ScanRequestSpec } from './requests';
import { billingNote, projectionNote } from './resultNotes';

/** A connection and, when it lists several, one of its regions (null: the profile's region). */
export interface Place {
  connection: string;
  region: string | null;
}

export function isPlace(v: unknown): v is Place {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = v as Record<string, unknown>;
  return (
    Object.keys(p).every((k) => k === 'connection' || k === 'region') &&
    typeof p.connection === 'string' &&
    p.connection !== '' &&
    p.connection.length <= 256 &&
    (p.region === null || (typeof p.region === 'string' && p.region.length <= 64))
  );
}

/** One panel per table: the key panels are found by. */
export function placeKey(place: Place, table: string): string {
  return `${place.connection}\u0000${place.region ?? ''}\u0000${table}`;
}

/** Every place the connections offer: one per listed region, or the profile's region when none is. */
export function placesOf(connections: readonly { name: string; regions?: readonly string[] }[]): Place[] {
  return connections.flatMap((c): Place[] => {
    const regions = c.regions?.filter((r) => r.length > 0) ?? [];
    return regions.length > 0
      ? regions.map((region) => ({ connection: c.name, region }))
      : [{ connection: c.name, region: null }];
  });
}

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

/** What one run reads: a key query, or a Scan bounded by a read budget. */
export type RunSpec = { mode: 'query'; query: QuerySpec } | { mode: 'scan'; scan: ScanRequestSpec; readBudget: number };

/** The pages one run got back, folded (the engine's CollectedPages, as far as bookkeeping reads it). */
export interface RunResult {
  items: JsonObject[];
  count: number;
  scannedCount: number;
  lastEvaluatedKey?: Record<string, AttributeValue>;
  consumedCapacity: { readUnits: number };
  estimatedCostUsd: number;
  pages: number;
}

/** The current result set: the run's spec, the items loaded so far, and the last request sent. */
export interface LoadedRun {
  spec: RunSpec;
  items: JsonObject[];
  /** Where the next page starts; absent once every item is loaded. */
  lastKey?: Record<string, AttributeValue>;
  sent: SentRequest;
  count: number;
  scannedCount: number;
  readUnits: number;
  costUsd: number;
  notes: string[];
  last: RunSummary;
}

function indexOf(spec: RunSpec): string | undefined {
  return spec.mode === 'query' ? spec.query.index : spec.scan.index;
}

/** The notes under a run: the filter's dropped items, a spent Scan budget, the projection, the billing. */
export function runNotes(table: TableModel, spec: RunSpec, result: RunResult, filterNote: string): string[] {
  const index = indexOf(spec);
  const indexModel = index ? table.indexes.find((i) => i.name === index) : undefined;
  const filtered = Boolean(spec.mode === 'query' ? spec.query.filter : spec.scan.filter);
  return [
    filtered && result.scannedCount > result.count ? filterNote : undefined,
    spec.mode === 'scan' && result.lastEvaluatedKey !== undefined
      ? `The Scan stopped at its read budget of ${spec.readBudget} RCU: Load more continues it (after another confirmation).`
      : undefined,
    indexModel ? projectionNote(indexModel) : undefined,
    billingNote(table),
  ].filter((n): n is string => n !== undefined);
}

/** Attribute names the grid pins first: the table's keys, then the queried index's. */
export function resultKeyNames(table: TableModel, spec: RunSpec | undefined): string[] {
  const index = spec ? indexOf(spec) : undefined;
  const model = index ? table.indexes.find((i) => i.name === index) : undefined;
  return [
    table.partitionKey.name,
    table.sortKey?.name ?? '',
    model?.partitionKey.name ?? '',
    model?.sortKey?.name ?? '',
  ].filter(Boolean);
}

/** The runs of one panel: the loaded result set and the session's totals. */
export class RunBook {
  private current: LoadedRun | undefined;
  private totals: SessionTotals;

  constructor(session: SessionTotals = { runs: 0, readUnits: 0, costUsd: 0 }) {
    this.totals = { ...session };
  }

  get run(): LoadedRun | undefined {
    return this.current;
  }

  get session(): SessionTotals {
    return this.totals;
  }

  /** Where a next page of the current run starts, or undefined when there is none. */
  startKey(): Record<string, AttributeValue> | undefined {
    return this.current?.lastKey;
  }

  /** The current run's spec when it has a next page to load. */
  nextPage(): RunSpec | undefined {
    return this.current?.lastKey ? this.current.spec : undefined;
  }

  /** Adds a run's result: a fresh result set, or the next page of the current one when `append`. */
  record(spec: RunSpec, result: RunResult, sent: SentRequest, notes: string[], append: boolean): LoadedRun {
    const summary: RunSummary = {
      mode: spec.mode,
      count: result.count,
      scannedCount: result.scannedCount,
      readUnits: result.consumedCapacity.readUnits,
      costUsd: result.estimatedCostUsd,
      pages: result.pages,
      stoppedByBudget: spec.mode === 'scan' && result.lastEvaluatedKey !== undefined,
    };
    this.totals = {
      runs: this.totals.runs + 1,
      readUnits: this.totals.readUnits + summary.readUnits,
      costUsd: this.totals.costUsd + summary.costUsd,
    };
    const previous = append ? this.current : undefined;
    this.current = {
      spec,
      items: [...(previous?.items ?? []), ...result.items],
      ...(result.lastEvaluatedKey ? { lastKey: result.lastEvaluatedKey } : {}),
      sent,
      count: (previous?.count ?? 0) + result.count,
      scannedCount: (previous?.scannedCount ?? 0) + result.scannedCount,
      readUnits: (previous?.readUnits ?? 0) + summary.readUnits,
      costUsd: (previous?.costUsd ?? 0) + summary.costUsd,
      notes,
      last: summary,
    };
    return this.current;
  }

  /** Forgets the result set (another table); the session's totals stay. */
  clear(): void {
    this.current = undefined;
  }
}

/** The history's line for a run: `GSI1 · GSI1PK = CATEGORY#books · 3 items`. */
export function historySummary(table: TableModel, request: PanelRequest, count: number | undefined): string {
  const index = table.indexes.find((i) => i.name === request.index);
  const pkName = (index ?? table).partitionKey.name;
  const skName = (index ?? table).sortKey?.name;
  const parts = [request.index || table.name];
  if (request.mode === 'scan') parts.push(`Scan ≤ ${request.readBudget} RCU`);
  else parts.push(`${pkName} = ${request.pk}`);
  if (request.mode === 'query' && request.skOp && skName)
    parts.push(
      request.skOp === 'between'
        ? `${skName} between ${request.sk} and ${request.sk2}`
        : `${skName} ${request.skOp} ${request.sk}`,
    );
  if (request.filter) parts.push(`filter ${request.filter}`);
  if (count !== undefined) parts.push(`${count} item${count === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** The modal that asks before a Scan: its question, the full-pass estimate, and the button that confirms. */
export function scanConfirmation(
  table: TableModel,
  spec: ScanRequestSpec,
  readBudget: number,
  estimate: ScanEstimate,
  continuing: boolean,
): { message: string; detail: string; action: string } {
  const target = spec.index ? `index ${spec.index} of ${table.name}` : table.name;
  const detail = [
    `A full pass over ${target} reads about ${Number(estimate.readUnits.toFixed(1))} read units in ${estimate.pages} page${estimate.pages === 1 ? '' : 's'} and costs about ${formatUsd(estimate.costUsd)} (${(estimate.sizeBytes / 1024 / 1024).toFixed(1)} MB).`,
    `This run stops paging once ${readBudget} read units are spent (it can pass that by at most one 1 MB page).`,
    estimate.staleNote,
    spec.filter ? 'A filter does not reduce what a Scan reads or costs.' : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    message: `${continuing ? 'Continue the Scan of' : 'Scan'} ${target}?`,
    detail,
    action: `Scan up to ${readBudget} RCU`,
  };
}
