// Cost advice bench: GetMetricData calls, metrics billed and wall time of a 14-day cost analysis of
// 100 tables (half provisioned, a quarter with a GSI) against the CloudWatch stand-in, as ratios
// against a peer measured in the same run that reads the same series one call per metric (the
// GetMetricStatistics shape), and against a second analysis the same day (the day's cache).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adviseTable } from '../src/core/cost/advice';
import { CostCache } from '../src/core/cost/costCache';
import { analyzeCosts, usageFromFetch } from '../src/core/cost/costReport';
import { fetchMetrics } from '../src/core/metrics/fetchMetrics';
import { buildMetricPlan } from '../src/core/metrics/metricQueries';
import { disposeClients, type ConnectionOptions } from '../src/core/aws/clients';
import type { TableModel } from '../src/core/tables/tableModel';
import { startCloudWatchStandIn, type StandInPoint } from '../test/harness/cloudWatchStandIn';

const TABLES = Number(process.env.BENCH_TABLES ?? 100);
const DAYS = 14;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NOW = new Date('2026-01-15T00:00:00Z');
const P = 300;

interface Sample {
  calls: number;
  metrics: number;
  ms: number;
}

function tables(n: number): TableModel[] {
  return Array.from({ length: n }, (_, i): TableModel => ({
    name: `bench-${i}`,
    status: 'ACTIVE',
    partitionKey: { name: 'pk' },
    tableClass: 'STANDARD',
    region: 'us-east-1',
    sizeBytes: 1e9,
    ...(i % 2
      ? { billingMode: 'PROVISIONED' as const, provisioned: { read: 100, write: 50 } }
      : { billingMode: 'PAY_PER_REQUEST' as const }),
    indexes:
      i % 4 === 0
        ? [
            {
              name: 'byUser',
              kind: 'GSI',
              partitionKey: { name: 'u' },
              projection: { type: 'ALL' },
              ...(i % 2 ? { provisioned: { read: 20, write: 20 } } : {}),
            },
          ]
        : [],
  }));
}

/** A daily cycle at 5-minute periods over the window (and a day before it). */
function points(mean: number): StandInPoint[] {
  const end = NOW.getTime() / 1000;
  const out: StandInPoint[] = [];
  for (let t = end - (DAYS + 1) * 86_400; t < end; t += P)
    out.push({ t, v: (mean + (mean / 2) * Math.sin((2 * Math.PI * (t % 86_400)) / 86_400)) * P });
  return out;
}

async function main(): Promise<void> {
  const standIn = await startCloudWatchStandIn();
  const conn: ConnectionOptions = {
    endpoint: standIn.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
  const all = tables(TABLES);
  for (const t of all) {
    const resources = [undefined, ...t.indexes.map((ix) => ix.name)];
    for (const index of resources) {
      const dimensions: Record<string, string> = index
        ? { TableName: t.name, GlobalSecondaryIndexName: index }
        : { TableName: t.name };
      standIn.setSeries({
        metric: 'ConsumedReadCapacityUnits',
        dimensions,
        stat: 'Sum',
        period: P,
        points: points(40),
      });
      standIn.setSeries({
        metric: 'ConsumedWriteCapacityUnits',
        dimensions,
        stat: 'Sum',
        period: P,
        points: points(10),
      });
      if (t.billingMode === 'PROVISIONED') {
        standIn.setSeries({
          metric: 'ProvisionedReadCapacityUnits',
          dimensions,
          stat: 'Average',
          period: P,
          points: points(100).map((p) => ({ ...p, v: 100 })),
        });
        standIn.setSeries({
          metric: 'ProvisionedWriteCapacityUnits',
          dimensions,
          stat: 'Average',
          period: P,
          points: points(50).map((p) => ({ ...p, v: 50 })),
        });
      }
    }
  }
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-cost-'));
  const median = (samples: Sample[]) =>
    [...samples].sort((a, b) => a.ms - b.ms)[Math.floor(samples.length / 2)] as Sample;
  const recommendations = { ours: 0, peer: 0 };
  try {
    const timed = async (run: () => Promise<void>): Promise<Sample> => {
      standIn.resetCounts();
      const t0 = performance.now();
      await run();
      return { calls: standIn.calls('GetMetricData'), metrics: standIn.metricsRequested(), ms: performance.now() - t0 };
    };
    const ours: Sample[] = [];
    const writing: Sample[] = [];
    const cached: Sample[] = [];
    const peer: Sample[] = [];
    for (let r = 0; r < RUNS; r++) {
      const cache = new CostCache(path.join(cacheDir, String(r)));
      ours.push(
        await timed(async () => {
          const report = await analyzeCosts(conn, all, { days: DAYS, now: NOW, alarms: false });
          if (report.tables.some((t) => t.error))
            throw new Error(`bench analysis had errors: ${report.tables.find((t) => t.error)?.error}`);
          recommendations.ours = report.tables.reduce((n, t) => n + (t.advice?.recommendations.length ?? 0), 0);
        }),
      );
      writing.push(
        await timed(async () => {
          await analyzeCosts(conn, all, { days: DAYS, now: NOW, alarms: false, cache, connectionKey: 'bench' });
        }),
      );
      cached.push(
        await timed(async () => {
          await analyzeCosts(conn, all, { days: DAYS, now: NOW, alarms: false, cache, connectionKey: 'bench' });
        }),
      );
      peer.push(
        await timed(async () => {
          // The same series and the same advice, one GetMetricData call per metric.
          const built = buildMetricPlan(all, { level: 'cost', minutes: DAYS * 1440, now: NOW });
          const plan = {
            ...built,
            batches: built.queriesByTable.flatMap((queries, i) =>
              queries.map((q) => ({ queries: [q], tableIndexes: [i] })),
            ),
          };
          const fetched = await fetchMetrics(conn, plan, { concurrency: 2, deadlineMs: 600_000 });
          recommendations.peer = all.reduce(
            (n, t, i) => n + adviseTable(t, usageFromFetch(plan, fetched, i)).recommendations.length,
            0,
          );
        }),
      );
    }
    const [o, w, c, p] = [median(ours), median(writing), median(cached), median(peer)];
    if (recommendations.ours !== recommendations.peer)
      throw new Error(
        `the peer's advice differs: ${recommendations.peer} recommendations against ${recommendations.ours}`,
      );
    const line = (name: string, s: Sample) =>
      `${name.padEnd(36)} ${String(s.calls).padStart(5)} calls  ${String(s.metrics).padStart(5)} metrics  ${s.ms.toFixed(0).padStart(6)} ms`;
    console.log(
      `cost analysis of ${TABLES} tables over ${DAYS} days (median of ${RUNS}; stand-in on this machine, so times are relative only)`,
    );
    console.log(line('planned (packed, no paging)', o));
    console.log(line('planned, writing the day cache', w));
    console.log(line('same day again (day cache)', c));
    console.log(line('peer: one call per metric', p));
    console.log(
      `ratios: one call per metric makes ${(p.calls / o.calls).toFixed(0)}x the calls and takes ${(p.ms / o.ms).toFixed(1)}x the time for the same ${o.metrics} billed metrics;`,
    );
    console.log(
      `        a second analysis the same day makes ${c.calls} calls and takes ${(c.ms / w.ms).toFixed(2)}x the time of the first (${recommendations.ours} recommendations both ways).`,
    );
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await standIn.stop();
    disposeClients();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
