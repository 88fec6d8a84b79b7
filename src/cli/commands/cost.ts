// `dynamo-guard cost`: what each table costs a month, split by part, and what would make it cheaper,
// from days of CloudWatch capacity (cached for the day), as text or as the JSON contract.
import * as fs from 'node:fs';
import { hasFlag, optionValue, parseArgs, positiveInt, UsageError, type OptionSpec } from '../args';
import { GLOBAL_OPTIONS, type CliIo } from '../io';
import type { Command } from '../command';
import type { CostReport, TableCostReport } from '../../core/cost/costReport';
import type { PriceOverride } from '../../core/cost/costModel';
import { parsePriceOverride, PriceOverrideError } from '../../core/cost/priceOverride';
import { DEFAULT_MIN_MONTHLY_SAVINGS, throttleNote } from '../../core/cost/advice';
import { CostCache, costCacheDir } from '../../core/cost/costCache';
import { costParts, costSummary, jsonUsd } from '../../core/cost/costPresentation';
import { money } from '../../core/cost/money';
import { MAX_COST_DAYS } from '../../core/metrics/metricQueries';
import { MAX_TARGET_UTILIZATION, MIN_TARGET_UTILIZATION } from '../../core/cost/autoScalingReplay';
import { formatUsd } from '../../core/pricing';
import { cloudWatchConnection, connectionFrom, describeTables, formatFrom, printJson, withAws } from './awsCommand';

const OPTIONS = {
  table: { arity: 1, repeatable: true, value: '<name>', help: 'a table to price (default: every table of the region)' },
  days: {
    arity: 1,
    value: '<n>',
    help: `days of CloudWatch capacity to read, up to ${MAX_COST_DAYS} (5-minute points are kept 63 days; default 14)`,
  },
  'target-utilization': {
    arity: 1,
    value: '<pct>',
    help: `auto scaling target for the provisioned-capacity advice, ${MIN_TARGET_UTILIZATION * 100} to ${MAX_TARGET_UTILIZATION * 100} percent (default 70)`,
  },
  prices: {
    arity: 1,
    value: '<file.json>',
    help: 'your own rates: { "currency"?, "standard"?: {rates}, "standardIa"?: {rates} }',
  },
  'min-savings': {
    arity: 1,
    value: '<usd>',
    help: `leave out recommendations that save less than this many dollars a month (default ${DEFAULT_MIN_MONTHLY_SAVINGS})`,
  },
  'no-cache': { arity: 0, help: "read CloudWatch again instead of today's cached capacity" },
  'cloudwatch-endpoint-url': {
    arity: 1,
    value: '<u>',
    help: "CloudWatch endpoint (default: AWS_ENDPOINT_URL_CLOUDWATCH, the profile's endpoint_url, else the region's)",
  },
  ...GLOBAL_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

function targetFrom(args: ReturnType<typeof parseArgs>): number {
  const raw = optionValue(args, 'target-utilization');
  if (raw === undefined) return 0.7;
  const pct = Number(raw.replace(/%$/, ''));
  if (!Number.isFinite(pct) || pct < MIN_TARGET_UTILIZATION * 100 || pct > MAX_TARGET_UTILIZATION * 100) {
    throw new UsageError(
      `--target-utilization must be a percentage from 20 to 90 (as DynamoDB auto scaling allows), got "${raw}"`,
    );
  }
  return pct / 100;
}

/** `--prices file.json`: `{ "currency"?: "EUR", "standard"?: {rates}, "standardIa"?: {rates} }`. */
export function readPriceOverride(file: string): PriceOverride {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `--prices: cannot read ${file} as JSON (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError('--prices: the file must hold a JSON object');
  try {
    return parsePriceOverride(parsed, '--prices');
  } catch (err) {
    if (err instanceof PriceOverrideError) throw new UsageError(err.message);
    throw err;
  }
}

function tableJson(r: TableCostReport) {
  const a = r.advice;
  const c = a?.cost;
  return {
    table: r.table.name,
    region: r.table.region ?? null,
    billingMode: r.table.billingMode,
    tableClass: r.table.tableClass,
    monthlyUsd: c
      ? {
          reads: jsonUsd(c.reads.usd),
          writes: jsonUsd(c.writes.usd),
          storage: jsonUsd(c.storage.usd),
          indexes: jsonUsd(c.indexes.usd),
          backups: jsonUsd(c.backups.usd),
          total: jsonUsd(c.total),
        }
      : null,
    recommendations: (a?.recommendations ?? []).map((x) => ({
      kind: x.kind,
      action: x.action,
      monthlySavingsUsd: jsonUsd(x.monthlySavingsUsd),
      evidence: x.evidence,
      ...(x.index ? { index: x.index } : {}),
    })),
    alarms: r.alarms,
    ...(c
      ? {
          currency: c.currency,
          basis: {
            reads: c.reads.basis,
            writes: c.writes.basis,
            storage: c.storage.basis,
            indexes: c.indexes.basis,
            backups: c.backups.basis,
          },
          assumptions: c.assumptions,
        }
      : {}),
    ...(a && throttleNote(a) ? { note: throttleNote(a) } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.alarmsError ? { alarmsError: r.alarmsError } : {}),
    cached: r.cached,
  };
}

export function costJson(report: CostReport) {
  return {
    window: { start: report.window.start, end: report.window.end, days: report.window.days },
    tables: report.tables.map(tableJson),
    cloudWatch: {
      getMetricDataCalls: report.cloudWatch.getMetricDataCalls,
      metricsRequested: report.cloudWatch.metricsRequested,
      estimatedCostUsd: report.cloudWatch.estimatedCostUsd,
      describeAlarmsCalls: report.cloudWatch.describeAlarmsCalls,
      cachedTables: report.cloudWatch.cachedTables,
    },
  };
}

function printText(io: CliIo, report: CostReport): void {
  io.stdout(
    `Cost over ${report.window.days} days, ${report.window.start} to ${report.window.end}, projected to a 730-hour month\n\n`,
  );
  if (report.tables.length === 0) io.stdout('No tables.\n');
  for (const r of report.tables) {
    const mode = r.table.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned';
    const cls = r.table.tableClass === 'STANDARD' ? 'Standard' : 'Standard-IA';
    const a = r.advice;
    io.stdout(
      `${r.table.name}  [${mode}, ${cls}${r.table.region ? `, ${r.table.region}` : ''}]  ${a ? costSummary(a) : `ERROR: ${r.error ?? 'no data'}`}\n`,
    );
    if (!a) continue;
    const cur = a.cost.currency;
    io.stdout(
      `  ${costParts(a.cost)
        .map(
          (p) =>
            `${p.label.toLowerCase()} ${money(p.usd, cur)}${p.basis === 'assumed' && p.usd > 0 ? ' (assumed)' : ''}`,
        )
        .join(' · ')}\n`,
    );
    for (const rec of a.recommendations) {
      io.stdout(`  → ${rec.action} Saves ${money(rec.monthlySavingsUsd, cur)}/month.\n    ${rec.evidence}\n`);
    }
    const note = throttleNote(a);
    if (note) io.stdout(`  ${note}\n`);
    const existing = r.alarms.filter((x) => x.source === 'existing');
    const suggested = r.alarms.filter((x) => x.source === 'suggested');
    io.stdout(
      `  alarms: ${existing.length ? existing.map((x) => `${x.name} (${x.metric}${x.state ? `, ${x.state}` : ''})`).join(', ') : 'none'}${suggested.length ? `; ${suggested.length} suggested (--format json has the definitions)` : ''}\n`,
    );
    if (r.alarmsError) io.stdout(`  ${r.alarmsError}\n`);
  }
  const cw = report.cloudWatch;
  io.stdout(
    `\nCloudWatch: ${cw.getMetricDataCalls} GetMetricData call${cw.getMetricDataCalls === 1 ? '' : 's'}, ${cw.metricsRequested} metrics requested, about ${formatUsd(cw.estimatedCostUsd)}; ${cw.describeAlarmsCalls} DescribeAlarmsForMetric calls${cw.cachedTables ? `; ${cw.cachedTables} table${cw.cachedTables === 1 ? '' : 's'} from today's cache` : ''}.\n`,
  );
}

export const command: Command = {
  summary:
    'Show what each table costs a month and what would make it cheaper (billing mode, capacity, table class, unused GSIs).',
  usage: 'dynamo-guard cost [--table <name>]... [options]',
  options: OPTIONS,
  async run(argv, io) {
    const args = parseArgs(argv, OPTIONS);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const format = formatFrom(args);
    const days = positiveInt(args, 'days') ?? 14;
    if (days > MAX_COST_DAYS)
      throw new UsageError(`--days must be at most ${MAX_COST_DAYS} (CloudWatch keeps 5-minute points for 63 days)`);
    const targetUtilization = targetFrom(args);
    const pricesFile = optionValue(args, 'prices');
    const prices = pricesFile === undefined ? undefined : readPriceOverride(pricesFile);
    const minRaw = optionValue(args, 'min-savings');
    const minMonthlySavings = minRaw === undefined ? undefined : Number(minRaw);
    if (minMonthlySavings !== undefined && !(minMonthlySavings >= 0))
      throw new UsageError(`--min-savings must be a number of dollars of at least 0, got "${minRaw}"`);
    const conn = connectionFrom(args, io);
    const cwConn = cloudWatchConnection(args, conn);
    const names = args.options.get('table');
    const cache = hasFlag(args, 'no-cache') ? undefined : new CostCache(costCacheDir(io.env));
    const report = await withAws(conn, names?.length === 1 ? names[0] : undefined, undefined, async (aws) => {
      const tables = await describeTables(aws, conn, names, { extras: true });
      return aws.analyzeCosts(cwConn, tables, {
        days,
        targetUtilization,
        ...(prices ? { prices } : {}),
        ...(minMonthlySavings !== undefined ? { minMonthlySavings } : {}),
        ...(cache ? { cache } : {}),
        connectionKey: [conn.profile ?? '', conn.region ?? '', conn.endpoint ?? '', cwConn.endpoint ?? ''].join('|'),
      });
    });
    if (format === 'json') printJson(io, costJson(report));
    else printText(io, report);
    const failed = report.tables.filter((t) => t.error);
    if (failed.length > 0 && failed.length === report.tables.length) {
      io.stderr(`dynamo-guard cost: could not read metrics for any table: ${failed[0]?.error}\n`);
      return 1;
    }
    return 0;
  },
};
