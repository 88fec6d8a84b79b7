// Runs GetItem, Query pages and (only when confirmed, under a read budget) Scan pages, returning
// unmarshalled items with the capacity each call consumed and its price at the table's billing mode.
import {
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type ConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../aws/clients';
import { toAwsProblem } from '../aws/errors';
import { costOfConsumedCapacity } from '../pricing';
import type { TableModel } from '../tables/tableModel';
import { itemToJson, type JsonObject } from './itemJson';
import { QueryInputError } from './keyValue';
import { keyOfItem, resumeKeyAttributes } from './startKey';
import {
  buildGetItem,
  buildQuery,
  buildScan,
  type GetItemSpec,
  type QuerySpec,
  type ScanRequestSpec,
} from './requests';

/** Read units a call consumed, split by where DynamoDB spent them (ReturnConsumedCapacity INDEXES). */
export interface CapacitySummary {
  tableName: string;
  readUnits: number;
  /** Units spent on the base table. */
  table?: number;
  /** Units spent per index, by index name. */
  indexes?: Record<string, number>;
}

export const FILTER_NOTE =
  'Filters run after the read: they do not reduce read cost; filtered-out items were still read and paid for.';

function unitsOf(c: { ReadCapacityUnits?: number; CapacityUnits?: number } | undefined): number | undefined {
  if (!c) return undefined;
  return c.ReadCapacityUnits ?? c.CapacityUnits;
}

export function summarizeCapacity(
  tableName: string,
  consumed: readonly (ConsumedCapacity | undefined)[],
): CapacitySummary {
  const summary: CapacitySummary = { tableName, readUnits: 0 };
  for (const c of consumed) {
    if (!c) continue;
    summary.readUnits += unitsOf(c) ?? 0;
    const t = unitsOf(c.Table);
    if (t !== undefined) summary.table = (summary.table ?? 0) + t;
    for (const group of [c.GlobalSecondaryIndexes, c.LocalSecondaryIndexes]) {
      for (const [name, cap] of Object.entries(group ?? {})) {
        summary.indexes ??= {};
        const before = Object.hasOwn(summary.indexes, name) ? (summary.indexes[name] ?? 0) : 0;
        // defineProperty: index names come from the endpoint, and assigning "__proto__" would set the prototype.
        Object.defineProperty(summary.indexes, name, {
          value: before + (unitsOf(cap) ?? 0),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return summary;
}

export function costOf(table: TableModel, summary: CapacitySummary): number {
  return costOfConsumedCapacity({ read: summary.readUnits }, table.billingMode, table.region, table.tableClass);
}

function problemContext(conn: ConnectionOptions, table: string, index?: string) {
  return { profile: conn.profile, region: conn.region, endpoint: conn.endpoint, table, ...(index ? { index } : {}) };
}

export interface GetItemResult {
  item: JsonObject | null;
  /** The item as DynamoDB sent it (for DynamoDB JSON output). */
  rawItem: Record<string, AttributeValue> | null;
  consumedCapacity: CapacitySummary;
  estimatedCostUsd: number;
}

export async function getItem(
  conn: ConnectionOptions,
  spec: GetItemSpec,
  signal?: AbortSignal,
): Promise<GetItemResult> {
  const input = buildGetItem(spec);
  let out;
  try {
    out = await dynamoDbClient(conn).send(new GetItemCommand(input), { abortSignal: signal });
  } catch (err) {
    throw toAwsProblem(err, problemContext(conn, spec.table.name));
  }
  const consumedCapacity = summarizeCapacity(spec.table.name, [out.ConsumedCapacity]);
  return {
    item: out.Item ? itemToJson(out.Item) : null,
    rawItem: out.Item ?? null,
    consumedCapacity,
    estimatedCostUsd: costOf(spec.table, consumedCapacity),
  };
}

export interface Page {
  items: JsonObject[];
  /** The same items as DynamoDB sent them (for DynamoDB JSON output). */
  rawItems: Record<string, AttributeValue>[];
  count: number;
  scannedCount: number;
  /** Raw key to resume from (pass it back as `startKey`); undefined on the last page. */
  lastEvaluatedKey?: Record<string, AttributeValue>;
  consumedCapacity: CapacitySummary;
  estimatedCostUsd: number;
}

export interface PagingOptions {
  /** Stop after this many pages (default 1: one page at a time). */
  maxPages?: number;
  /**
   * Stop asking for more pages once this many read units have been consumed. A page's cost is only
   * known after it is read, so the total can pass the budget by at most one page (<= 128 units
   * eventually consistent, 256 strongly consistent, for a 1 MB page).
   */
  readBudget?: number;
  signal?: AbortSignal;
}

/** What one Query or Scan response carries that paging needs. */
interface PageResponse {
  Items?: Record<string, AttributeValue>[];
  Count?: number;
  ScannedCount?: number;
  LastEvaluatedKey?: Record<string, AttributeValue>;
  ConsumedCapacity?: ConsumedCapacity;
}

/**
 * The one paging loop Query and Scan share: follows LastEvaluatedKey from `startKey`, one request
 * per page, until the last page, `maxPages`, or the page that spends `readBudget`.
 */
async function* pagesOf(
  conn: ConnectionOptions,
  target: { table: TableModel; index?: string },
  request: (startKey: Record<string, AttributeValue> | undefined) => Promise<PageResponse>,
  limits: { startKey?: Record<string, AttributeValue>; maxPages: number; readBudget?: number },
): AsyncGenerator<Page> {
  let startKey = limits.startKey;
  let used = 0;
  for (let page = 0; page < limits.maxPages; page++) {
    let out: PageResponse;
    try {
      out = await request(startKey);
    } catch (err) {
      throw toAwsProblem(err, problemContext(conn, target.table.name, target.index));
    }
    const consumedCapacity = summarizeCapacity(target.table.name, [out.ConsumedCapacity]);
    used += consumedCapacity.readUnits;
    yield {
      items: (out.Items ?? []).map(itemToJson),
      rawItems: out.Items ?? [],
      count: out.Count ?? 0,
      scannedCount: out.ScannedCount ?? 0,
      ...(out.LastEvaluatedKey ? { lastEvaluatedKey: out.LastEvaluatedKey } : {}),
      consumedCapacity,
      estimatedCostUsd: costOf(target.table, consumedCapacity),
    };
    startKey = out.LastEvaluatedKey;
    if (!startKey) return;
    if (limits.readBudget !== undefined && used >= limits.readBudget) return;
  }
}

/** Query pages one at a time by LastEvaluatedKey, until the last page, maxPages or the read budget. */
export async function* queryPages(
  conn: ConnectionOptions,
  spec: QuerySpec,
  options: PagingOptions = {},
): AsyncGenerator<Page> {
  const built = buildQuery(spec);
  const client = dynamoDbClient(conn);
  yield* pagesOf(
    conn,
    spec,
    (startKey) =>
      client.send(new QueryCommand({ ...built.input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }), {
        abortSignal: options.signal,
      }),
    {
      ...(spec.startKey ? { startKey: spec.startKey } : {}),
      maxPages: options.maxPages ?? 1,
      ...(options.readBudget !== undefined ? { readBudget: options.readBudget } : {}),
    },
  );
}

/**
 * Query pages until `maxItems` items in all (the AWS CLI's `--max-items`), the last page, or the read
 * budget. Without a filter or an explicit limit each page asks only for the items still wanted, so
 * nothing is read in vain; a page holding more than wanted is cut after the last item kept, and its
 * key becomes the lastEvaluatedKey to resume from, exactly as if DynamoDB had ended the page there.
 */
export async function* queryPagesUpTo(
  conn: ConnectionOptions,
  spec: QuerySpec,
  maxItems: number,
  options: Omit<PagingOptions, 'maxPages'> = {},
): AsyncGenerator<Page> {
  if (!Number.isInteger(maxItems) || maxItems < 1)
    throw new QueryInputError(`The most items to return must be a whole number of at least 1, got ${maxItems}.`);
  const keyAttributes = resumeKeyAttributes(spec.table, spec.index);
  // The key of the last item kept must be in it: a projection gets the key attributes it lacks, removed again below.
  const added = spec.projection?.length
    ? keyAttributes.map((a) => a.name).filter((n) => !spec.projection?.includes(n))
    : [];
  const { startKey: first, ...base } = spec;
  let startKey = first;
  let kept = 0;
  let used = 0;
  for (;;) {
    const remaining = maxItems - kept;
    const limit = spec.limit ?? (spec.filter ? undefined : remaining);
    const request: QuerySpec = {
      ...base,
      ...(added.length ? { projection: [...(spec.projection ?? []), ...added] } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(startKey ? { startKey } : {}),
    };
    let page: Page | undefined;
    for await (const p of queryPages(conn, request, {
      maxPages: 1,
      ...(options.signal ? { signal: options.signal } : {}),
    }))
      page = p;
    if (!page) return;
    used += page.consumedCapacity.readUnits;
    const cut = page.rawItems.length > remaining;
    const rawItems = page.rawItems.slice(0, remaining);
    const lastKey = cut
      ? keyOfItem(rawItems[rawItems.length - 1] as Record<string, AttributeValue>, keyAttributes)
      : page.lastEvaluatedKey;
    const strip = <T extends object>(item: T): T => {
      if (added.length === 0) return item;
      const copy = { ...item } as Record<string, unknown>;
      for (const name of added) delete copy[name];
      return copy as T;
    };
    const { lastEvaluatedKey: _pageKey, ...rest } = page;
    yield {
      ...rest,
      items: page.items.slice(0, remaining).map(strip),
      rawItems: rawItems.map(strip),
      count: rawItems.length,
      ...(lastKey ? { lastEvaluatedKey: lastKey } : {}),
    };
    kept += rawItems.length;
    startKey = lastKey;
    if (!startKey || kept >= maxItems) return;
    if (options.readBudget !== undefined && used >= options.readBudget) return;
  }
}

export interface ScanSpec extends ScanRequestSpec {
  /** Must be true: a Scan reads the whole table and is never run by default. */
  confirmed: boolean;
  /** Required: stop once this many read units are consumed (see PagingOptions.readBudget). */
  readBudget: number;
  maxPages?: number;
}

/** Scan pages, refused unless the caller confirmed after showing fullScanEstimate, and bounded by a read budget. */
export async function* scanPages(conn: ConnectionOptions, spec: ScanSpec, signal?: AbortSignal): AsyncGenerator<Page> {
  if (spec.confirmed !== true)
    throw new QueryInputError(`A Scan reads every item of ${spec.table.name} and is only run when confirmed.`);
  if (!(spec.readBudget > 0)) throw new QueryInputError('A Scan needs a read-unit budget greater than zero.');
  const { startKey: _first, ...request } = spec;
  const input = buildScan(request);
  const client = dynamoDbClient(conn);
  yield* pagesOf(
    conn,
    spec,
    (startKey) =>
      client.send(new ScanCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }), {
        abortSignal: signal,
      }),
    {
      ...(spec.startKey ? { startKey: spec.startKey } : {}),
      maxPages: spec.maxPages ?? Number.POSITIVE_INFINITY,
      readBudget: spec.readBudget,
    },
  );
}

/** Several pages folded into one: the same fields as a page, plus how many pages were read. */
export interface CollectedPages extends Page {
  pages: number;
}

/** Folds pages into one result (items concatenated, counts and capacity summed, last key kept). */
export async function collectPages(table: TableModel, pages: AsyncIterable<Page>): Promise<CollectedPages> {
  const result: CollectedPages = {
    items: [],
    rawItems: [],
    count: 0,
    scannedCount: 0,
    consumedCapacity: { tableName: table.name, readUnits: 0 },
    estimatedCostUsd: 0,
    pages: 0,
  };
  const consumed: ConsumedCapacity[] = [];
  for await (const page of pages) {
    result.items.push(...page.items);
    result.rawItems.push(...page.rawItems);
    result.count += page.count;
    result.scannedCount += page.scannedCount;
    result.pages++;
    if (page.lastEvaluatedKey) result.lastEvaluatedKey = page.lastEvaluatedKey;
    else delete result.lastEvaluatedKey;
    const c = page.consumedCapacity;
    consumed.push({
      CapacityUnits: c.readUnits,
      ...(c.table !== undefined ? { Table: { CapacityUnits: c.table } } : {}),
      ...(c.indexes
        ? {
            GlobalSecondaryIndexes: Object.fromEntries(
              Object.entries(c.indexes).map(([k, v]) => [k, { CapacityUnits: v }]),
            ),
          }
        : {}),
    });
  }
  result.consumedCapacity = summarizeCapacity(table.name, consumed);
  result.estimatedCostUsd = costOf(table, result.consumedCapacity);
  return result;
}
