// Live facts about the tables findings name, for hovers: DescribeTable through the configured
// connections (first connection and region that has the table; cached with a TTL), and the CloudWatch
// metrics the Tables view has already read, through a lookup the view provides.
import * as vscode from 'vscode';
import type * as AwsEntry from '../../core/entries/aws';
import type { TopKeys } from '../../core/metrics/contributorInsights';
import type { TableHealth } from '../../core/metrics/health';
import type { TableModel } from '../../core/tables/tableModel';
import { clientOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import { errorMessage } from '../../core/errorMessage';

/** What the Tables view knows about a table's traffic; the view implements it, hovers read it. */
export interface LiveMetricsLookup {
  /** Latest metrics the tables view has read for this table name (any watched connection), if any. */
  healthFor(table: string): TableHealth | undefined;
  /** Contributor Insights top keys for this table (or one of its GSIs), if read. */
  topKeysFor(table: string, index?: string): TopKeys | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/**
 * The lookup hovers use: the one registered last, or nothing known. Registrations stack: disposing
 * the newest brings back the one before it (the Tables view's), not an empty registry.
 */
export class LiveMetricsRegistry implements LiveMetricsLookup, vscode.Disposable {
  private readonly stack: { lookup: LiveMetricsLookup; subscription: vscode.Disposable }[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** Makes `lookup` the source of live metrics until the returned disposable is disposed. */
  use(lookup: LiveMetricsLookup): vscode.Disposable {
    const entry = {
      lookup,
      subscription: lookup.onDidChange(() => {
        if (this.current === lookup) this.changed.fire();
      }),
    };
    this.stack.push(entry);
    this.changed.fire();
    return new vscode.Disposable(() => {
      const at = this.stack.indexOf(entry);
      if (at < 0) return;
      const wasCurrent = at === this.stack.length - 1;
      this.stack.splice(at, 1);
      entry.subscription.dispose();
      if (wasCurrent) this.changed.fire();
    });
  }

  private get current(): LiveMetricsLookup | undefined {
    return this.stack[this.stack.length - 1]?.lookup;
  }

  healthFor(table: string): TableHealth | undefined {
    return this.current?.healthFor(table);
  }

  topKeysFor(table: string, index?: string): TopKeys | undefined {
    return this.current?.topKeysFor(table, index);
  }

  dispose(): void {
    for (const entry of this.stack.splice(0)) entry.subscription.dispose();
    this.changed.dispose();
  }
}

export interface TableFacts {
  table: TableModel;
  /** `connection name, region`, for the hover to say where the numbers come from. */
  source: string;
}

/** `problem` is one sentence of plain text (the hover escapes it). */
export type TableFactsResult = { facts: TableFacts } | { problem: string };

const FOUND_TTL_MS = 5 * 60_000;
const MISSING_TTL_MS = 60_000;

/** DescribeTable of the tables findings name, looked up across the configured connections and cached. */
export class LiveTableFacts {
  private readonly cache = new Map<string, { at: number; result: Promise<TableFactsResult> }>();

  constructor(
    private readonly options: {
      connections: () => ConnectionSetting[];
      loadAws: () => Promise<typeof AwsEntry>;
      log: Log;
      now?: () => number;
    },
  ) {}

  lookup(table: string): Promise<TableFactsResult> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(table);
    if (hit && now - hit.at < FOUND_TTL_MS) return hit.result;
    const result = this.describe(table);
    this.cache.set(table, { at: now, result });
    // A table that was not found is asked for again sooner: it may just have been created.
    void result.then((r) => {
      if ('problem' in r && this.cache.get(table)?.result === result)
        this.cache.set(table, { at: now - FOUND_TTL_MS + MISSING_TTL_MS, result });
    });
    return result;
  }

  /** Connections changed: look everything up again. */
  invalidate(): void {
    this.cache.clear();
  }

  private async describe(table: string): Promise<TableFactsResult> {
    const aws = await this.options.loadAws();
    const tried: string[] = [];
    const failures: string[] = [];
    for (const connection of this.options.connections()) {
      const regions = connection.regions?.filter(Boolean).length
        ? connection.regions
        : [await aws.profileRegion(connection.profile)].filter((r): r is string => Boolean(r));
      for (const region of regions) {
        tried.push(`${connection.name}, ${region}`);
        // One attempt: a hover waits for one answer, and a failure is asked again after MISSING_TTL_MS.
        const conn = clientOptions(connection, region, { maxAttempts: 1 });
        try {
          return { facts: { table: await aws.describeTable(conn, table), source: `${connection.name}, ${region}` } };
        } catch (err) {
          const problem = aws.toAwsProblem(err, {
            profile: connection.profile,
            region,
            endpoint: connection.endpoint,
            table,
          });
          if (problem.code === 'not-found') continue;
          this.options.log.warn(
            `DescribeTable ${table} on ${connection.name} (${region}) failed: ${errorMessage(err)}`,
          );
          failures.push(`${connection.name}: ${problem.message}`);
        }
      }
    }
    if (failures.length > 0) return { problem: `Table ${table} could not be read: ${failures.join(' ')}` };
    return {
      problem: `Table ${table} was not found on the configured connections${tried.length ? ` (${tried.join('; ')})` : ''}.`,
    };
  }
}
