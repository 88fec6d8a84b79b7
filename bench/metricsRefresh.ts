// Metrics refresh bench: GetMetricData calls, metrics billed and wall time of one refresh of 1,000
// tables against the CloudWatch stand-in, as ratios against naive peers measured in the same run
// (one call per table; one call per metric, the GetMetricStatistics shape, on a sample of tables).
import { buildMetricPlan, type PlanLevel } from '../src/core/metrics/metricQueries';
import { fetchMetrics } from '../src/core/metrics/fetchMetrics';
import { healthOf } from '../src/core/metrics/health';
import { disposeClients, type ConnectionOptions } from '../src/core/aws/clients';
import type { TableModel } from '../src/core/tables/tableModel';
import { startCloudWatchStandIn } from '../test/harness/cloudWatchStandIn';

const TABLES = Number(process.env.BENCH_TABLES ?? 1000);
const PER_METRIC_SAMPLE = Number(process.env.BENCH_PER_METRIC_SAMPLE ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NOW = new Date('2026-01-01T01:00:00Z');
const START = Date.UTC(2026, 0, 1) / 1000;

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
    ...(i % 2
      ? { billingMode: 'PROVISIONED' as const, provisioned: { read: 100, write: 50 } }
      : { billingMode: 'PAY_PER_REQUEST' as const }),
    indexes:
      i % 4 === 0 ? [{ name: 'byUser', kind: 'GSI', partitionKey: { name: 'u' }, projection: { type: 'ALL' } }] : [],
  }));
}

async function main(): Promise<void> {
  const standIn = await startCloudWatchStandIn();
  const conn: ConnectionOptions = {
    endpoint: standIn.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
  const all = tables(TABLES);
  for (const t of all) standIn.scriptTable({ table: t.name, start: START, readPerMinute: 60, writePerMinute: 30 });

  /** `peer`: the plan's calls replaced by the peer's shape (one call per table, or per metric). */
  const measure = async (models: TableModel[], level: PlanLevel, peer?: 'perTable' | 'perMetric'): Promise<Sample> => {
    const samples: Sample[] = [];
    for (let r = 0; r < RUNS; r++) {
      standIn.resetCounts();
      const built = buildMetricPlan(models, { now: NOW, level });
      const plan =
        peer === 'perTable'
          ? {
              ...built,
              batches: built.queriesByTable
                .map((queries, i) => ({ queries, tableIndexes: [i] }))
                .filter((b) => b.queries.length > 0),
            }
          : peer === 'perMetric'
            ? {
                ...built,
                batches: built.queriesByTable.flatMap((queries, i) =>
                  queries.map((q) => ({ queries: [q], tableIndexes: [i] })),
                ),
              }
            : built;
      const t0 = performance.now();
      const fetched = await fetchMetrics(conn, plan, { concurrency: 2 });
      const health = healthOf(fetched);
      const ms = performance.now() - t0;
      if (health.some((h) => h.status === 'error')) throw new Error('bench refresh had errors');
      samples.push({ calls: fetched.stats.getMetricDataCalls, metrics: fetched.stats.metricsRequested, ms });
    }
    samples.sort((a, b) => a.ms - b.ms);
    return samples[Math.floor(samples.length / 2)] as Sample;
  };

  const full = await measure(all, 'full');
  const watch = await measure(all, 'watch');
  const perTable = await measure(all, 'full', 'perTable');
  const sample = all.slice(0, PER_METRIC_SAMPLE);
  const perMetric = await measure(sample, 'full', 'perMetric');
  const scale = TABLES / PER_METRIC_SAMPLE;
  await standIn.stop();
  disposeClients();

  const line = (name: string, s: Sample) =>
    `${name.padEnd(34)} ${String(s.calls).padStart(6)} calls  ${String(s.metrics).padStart(6)} metrics  ${s.ms.toFixed(0).padStart(6)} ms`;
  console.log(
    `metrics refresh of ${TABLES} tables (median of ${RUNS}; stand-in on this machine, so times are relative only)`,
  );
  console.log(line('batched, full detail', full));
  console.log(line('batched, watch level', watch));
  console.log(line('peer: one call per table', perTable));
  console.log(
    line(`peer: one call per metric (x${scale})`, {
      calls: perMetric.calls * scale,
      metrics: perMetric.metrics * scale,
      ms: perMetric.ms * scale,
    }),
  );
  console.log(
    `ratios: one-call-per-table makes ${(perTable.calls / full.calls).toFixed(1)}x the calls and takes ${(perTable.ms / full.ms).toFixed(1)}x the time of the batched full refresh;`,
  );
  console.log(
    `        one-call-per-metric makes ${((perMetric.calls * scale) / full.calls).toFixed(0)}x the calls and takes ${((perMetric.ms * scale) / full.ms).toFixed(1)}x the time (extrapolated from ${PER_METRIC_SAMPLE} tables);`,
  );
  console.log(
    `        the watch level bills ${(full.metrics / watch.metrics).toFixed(1)}x fewer metrics than full detail in ${(full.calls / watch.calls).toFixed(1)}x fewer calls.`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
