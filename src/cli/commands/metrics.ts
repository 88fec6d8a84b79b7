// `dynamo-guard metrics`: CloudWatch health of tables and their GSIs over a recent window (rates,
// utilisation, throttling by cause, errors), as text or as the JSON contract other tools script against.
import { hasFlag, parseArgs, positiveInt, UsageError, type OptionSpec } from '../args';
import { GLOBAL_OPTIONS, type CliIo } from '../io';
import type { Command } from '../command';
import type { CapacityHealth, IndexHealth, TableHealth, ThrottleHealth } from '../../core/metrics/health';
import type { MetricsReport } from '../../core/metrics/metricsReport';
import { cloudWatchConnection, connectionFrom, describeTables, formatFrom, printJson, withAws } from './awsCommand';
import { formatUsd } from '../../core/pricing';

/** CloudWatch keeps 1-minute points for 15 days (AWS-FACTS 1.1). */
const MAX_MINUTES = 15 * 24 * 60;

const OPTIONS = {
  table: { arity: 1, repeatable: true, value: '<name>', help: 'a table to read (default: every table of the region)' },
  minutes: {
    arity: 1,
    value: '<n>',
    help: `length of the window in minutes, up to ${MAX_MINUTES} (CloudWatch keeps 1-minute points for 15 days; default 60)`,
  },
  'fail-on-throttle': {
    arity: 0,
    help: 'exit 1 when a table was throttled in the window, or when its metrics could not be read',
  },
  'cloudwatch-endpoint-url': {
    arity: 1,
    value: '<u>',
    help: "CloudWatch endpoint (default: AWS_ENDPOINT_URL_CLOUDWATCH, the profile's endpoint_url, else the region's)",
  },
  ...GLOBAL_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

function capacityJson(c: CapacityHealth) {
  return {
    consumedPerSecond: c.consumedPerSecond,
    peakPerSecond: c.peakPerSecond,
    provisioned: c.provisioned,
    utilization: c.utilization,
    limitKind: c.limitKind,
  };
}

function throttleJson(t: ThrottleHealth) {
  return { read: t.read, write: t.write, byReason: t.byReason };
}

function indexJson(i: IndexHealth) {
  return {
    index: i.index,
    status: i.status,
    reason: i.reason,
    read: capacityJson(i.read),
    write: capacityJson(i.write),
    throttleEvents: throttleJson(i.throttleEvents),
  };
}

function tableJson(t: TableHealth) {
  return {
    table: t.table,
    billingMode: t.billingMode,
    status: t.status,
    reason: t.reason,
    read: capacityJson(t.read),
    write: capacityJson(t.write),
    throttleEvents: throttleJson(t.throttleEvents),
    indexes: t.indexes.map(indexJson),
    systemErrors: t.systemErrors,
    operations: t.operations,
  };
}

export function metricsJson(report: MetricsReport) {
  return {
    window: report.window,
    tables: report.tables.map(tableJson),
    cloudWatch: {
      getMetricDataCalls: report.cloudWatch.getMetricDataCalls,
      metricsRequested: report.cloudWatch.metricsRequested,
      estimatedCostUsd: report.cloudWatch.estimatedCostUsd,
    },
  };
}

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function capacityText(label: string, c: CapacityHealth): string {
  const limit =
    c.provisioned === null
      ? 'no limit'
      : `${c.limitKind === 'provisioned' ? 'provisioned' : 'on-demand max'} ${num.format(c.provisioned)}/s, peak at ${Math.round((c.utilization ?? 0) * 100)}%`;
  return `${label} ${num.format(c.consumedPerSecond)}/s avg, ${num.format(c.peakPerSecond)}/s peak (${limit})`;
}

function resourceLines(indent: string, h: TableHealth | IndexHealth): string[] {
  const lines = [`${indent}${capacityText('read ', h.read)}`, `${indent}${capacityText('write', h.write)}`];
  const reasons = Object.entries(h.throttleEvents.byReason)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([m, n]) => `${m} ${num.format(n ?? 0)}`);
  lines.push(
    `${indent}throttle events: read ${num.format(h.throttleEvents.read)}, write ${num.format(h.throttleEvents.write)}${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
  );
  return lines;
}

function printText(io: CliIo, report: MetricsReport): void {
  io.stdout(
    `Window ${report.window.start} to ${report.window.end} (${report.window.periodSeconds}-second periods)\n\n`,
  );
  if (report.tables.length === 0) io.stdout('No tables.\n');
  for (const t of report.tables) {
    io.stdout(
      `${t.table}  [${t.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned'}]  ${t.status.toUpperCase()}: ${t.reason}\n`,
    );
    if (t.status !== 'error' && t.status !== 'no-data') {
      for (const line of resourceLines('  ', t)) io.stdout(`${line}\n`);
      const ops = t.operations
        .filter((o) => o.systemErrors > 0 || o.latencyMs !== null)
        .map(
          (o) =>
            `${o.operation} ${o.latencyMs === null ? '-' : `${num.format(o.latencyMs)} ms`}${o.systemErrors ? `, ${num.format(o.systemErrors)} errors` : ''}`,
        );
      if (ops.length) io.stdout(`  operations: ${ops.join('; ')}\n`);
    }
    for (const i of t.indexes) {
      io.stdout(`  index ${i.index}  ${i.status.toUpperCase()}${i.status === 'ok' ? '' : `: ${i.reason}`}\n`);
      if (i.status !== 'no-data') for (const line of resourceLines('    ', i)) io.stdout(`${line}\n`);
    }
  }
  const cw = report.cloudWatch;
  io.stdout(
    `\nCloudWatch: ${cw.getMetricDataCalls} GetMetricData call${cw.getMetricDataCalls === 1 ? '' : 's'}, ${cw.metricsRequested} metrics requested, about ${formatUsd(cw.estimatedCostUsd)} ($0.01 per 1,000 metrics).\n`,
  );
}

export const command: Command = {
  summary: 'Show CloudWatch consumption, throttling (by cause), errors and latency of tables and GSIs.',
  usage: 'dynamo-guard metrics [--table <name>]... [options]',
  options: OPTIONS,
  async run(argv, io) {
    const args = parseArgs(argv, OPTIONS);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const format = formatFrom(args);
    const minutes = positiveInt(args, 'minutes') ?? 60;
    if (minutes > MAX_MINUTES)
      throw new UsageError(`--minutes must be at most ${MAX_MINUTES} (CloudWatch keeps 1-minute points for 15 days)`);
    const conn = connectionFrom(args, io);
    const cwConn = cloudWatchConnection(args, conn);
    const names = args.options.get('table');
    const report = await withAws(conn, names?.length === 1 ? names[0] : undefined, undefined, async (aws) => {
      const tables = await describeTables(aws, conn, names);
      return aws.readTableMetrics(cwConn, tables, { minutes });
    });
    if (format === 'json') printJson(io, metricsJson(report));
    else printText(io, report);
    const failed = report.tables.filter((t) => t.status === 'error');
    if (failed.length > 0 && failed.length === report.tables.length) {
      io.stderr(`dynamo-guard metrics: could not read metrics for any table: ${failed[0]?.reason}\n`);
      return 1;
    }
    if (hasFlag(args, 'fail-on-throttle')) {
      const throttled = report.tables.filter((t) => t.status === 'throttled');
      if (throttled.length > 0) {
        io.stderr(
          `dynamo-guard metrics: ${throttled.length} table${throttled.length === 1 ? '' : 's'} throttled: ${throttled.map((t) => t.table).join(', ')}\n`,
        );
        return 1;
      }
      // In a CI gate "could not read" must not pass as "did not throttle".
      if (failed.length > 0) {
        io.stderr(`dynamo-guard metrics: could not read metrics for ${failed.map((t) => t.table).join(', ')}\n`);
        return 1;
      }
    }
    return 0;
  },
};
