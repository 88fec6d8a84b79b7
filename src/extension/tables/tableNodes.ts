// Turns one table's metrics into tree rows: the table row's icon, colour, description and tooltip, and
// its children (read, write, throttling by cause, errors and latency, indexes, top keys).
import * as vscode from 'vscode';
import type { Finding } from '../../core/analyzer/finding';
import { rangeOf } from '../analyzer/diagnosticsController';
import type { KeyContributor } from '../../core/metrics/contributorInsights';
import type { HealthStatus, IndexHealth, ResourceHealth, TableHealth } from '../../core/metrics/health';
import type { ThrottleReasonMetric } from '../../core/metrics/metricQueries';
import {
  capacityLine,
  formatCount,
  operationLine,
  operationsLine,
  parseReasonMetric,
  reasonTitle,
  resourceSummary,
  SOURCE_METRICS,
  sparkline,
  throttleLine,
} from '../../core/metrics/presentation';
import { markdownText as escape } from '../../core/markdownText';
import type { TableModel } from '../../core/tables/tableModel';
import { throttleNote } from '../../core/cost/advice';
import type { TableAlarm } from '../../core/cost/alarms';
import {
  alarmLine,
  alarmsLine,
  costPartLine,
  costParts,
  costSummary,
  recommendationText,
  savingsLine,
  scansInCodeEvidence,
  scansInCodeLine,
} from '../../core/cost/costPresentation';
import { windowDays } from '../../core/cost/costModel';
import { scansInCodeCost } from '../../core/cost/scansInCode';
import { ruleDefinition } from '../../core/rules/registry';
import { CommandIds } from '../commandIds';
import type { TableCostState } from './costAnalyzer';
import type { TableMetrics } from '../../core/metrics/tableMetricsPoller';

/** A precomputed row under a table: everything VS Code needs, plus its own children. */
export interface DetailRow {
  id: string;
  label: string;
  description?: string;
  tooltip?: string | vscode.MarkdownString;
  icon: vscode.ThemeIcon;
  children?: DetailRow[];
  command?: vscode.Command;
  contextValue?: string;
  /** Set on a GSI's row: commands on it (the query panel) act on that index. */
  indexName?: string;
  /** Set on a recommendation's row: what "Copy Recommendation" copies. */
  copyText?: string;
  /** Set on a suggested alarm's row: the definitions "Copy Alarm Definition" offers. */
  alarm?: TableAlarm;
}

const STATUS_ICONS: Record<HealthStatus, { icon: string; color?: string }> = {
  ok: { icon: 'pass', color: 'testing.iconPassed' },
  warning: { icon: 'warning', color: 'list.warningForeground' },
  throttled: { icon: 'flame', color: 'list.errorForeground' },
  'no-data': { icon: 'circle-outline', color: 'disabledForeground' },
  error: { icon: 'error', color: 'list.errorForeground' },
};

export function statusIcon(status: HealthStatus): vscode.ThemeIcon {
  const s = STATUS_ICONS[status];
  return new vscode.ThemeIcon(s.icon, s.color ? new vscode.ThemeColor(s.color) : undefined);
}

const CAUSE_HELP: Record<string, string> = {
  KeyRangeThroughput:
    'One partition got more than it can serve (3,000 RCU or 1,000 WCU per second per partition): a hot key, often a single-value partition key.',
  ProvisionedThroughput: 'The table or index used more than its provisioned capacity.',
  AccountLimit: "The table hit the account's per-table throughput quota.",
  MaxOnDemandThroughput: 'The table hit the maximum throughput configured for on-demand mode.',
};

/** What the table row shows. */
export function tableRowLook(m: TableMetrics | undefined): { icon: vscode.ThemeIcon; description: string } {
  if (!m) return { icon: new vscode.ThemeIcon('database'), description: 'metrics…' };
  if (m.unavailable) return { icon: new vscode.ThemeIcon('database'), description: '' };
  if (m.error && !m.health) return { icon: statusIcon('error'), description: 'metrics unavailable' };
  if (!m.health) return { icon: new vscode.ThemeIcon('database'), description: 'metrics…' };
  return { icon: statusIcon(m.health.status), description: resourceSummary(m.health) };
}

export function tableTooltip(
  name: string,
  region: string,
  m: TableMetrics | undefined,
  lastRefresh: Date | undefined,
): vscode.MarkdownString {
  // Theme icons for `$(error)`; names and errors are escaped, so only ours render.
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(name)}** · ${escape(region)}`);
  const model = m?.model;
  if (model) {
    md.appendMarkdown(
      `\n\n${model.billingMode === 'PAY_PER_REQUEST' ? 'On-demand' : `Provisioned ${model.provisioned?.read ?? '?'} RCU / ${model.provisioned?.write ?? '?'} WCU`}`,
    );
    md.appendMarkdown(
      ` · key ${escape(model.partitionKey.name)}${model.sortKey ? ` + ${escape(model.sortKey.name)}` : ''}`,
    );
    if (model.itemCount !== undefined)
      md.appendMarkdown(
        ` · about ${formatCount(model.itemCount)} items (DescribeTable, refreshed by AWS every ~6 hours)`,
      );
  }
  if (m?.unavailable) md.appendMarkdown(`\n\n${escape(m.unavailable)}`);
  if (m?.error) md.appendMarkdown(`\n\n$(error) ${escape(m.error)}`);
  const h = m?.health;
  if (h) {
    md.appendMarkdown(`\n\n**${h.status}**: ${escape(h.reason)}`);
    if (h.status !== 'error' && h.status !== 'no-data') {
      md.appendMarkdown(
        `\n\n- Read: ${capacityLine(h.read, 'read')}\n- Write: ${capacityLine(h.write, 'write')}\n- Throttling: ${escape(throttleLine(h))}`,
      );
    }
  }
  if (lastRefresh) md.appendMarkdown(`\n\n_Metrics of the last window, read ${lastRefresh.toLocaleTimeString()}._`);
  return md;
}

function capacityRows(idPrefix: string, h: ResourceHealth): DetailRow[] {
  return (['read', 'write'] as const).map((direction) => ({
    id: `${idPrefix}/${direction}`,
    label: direction === 'read' ? 'Read' : 'Write',
    description: `${capacityLine(h[direction], direction)} ${sparkline(h.sparkline[direction])}`,
    tooltip: `${direction === 'read' ? 'Consumed read capacity' : 'Consumed write capacity'} over the window, per second. Source: ${SOURCE_METRICS[direction]}.`,
    icon: new vscode.ThemeIcon(direction === 'read' ? 'arrow-down' : 'arrow-up'),
  }));
}

function throttlingRow(idPrefix: string, h: ResourceHealth): DetailRow {
  const total = h.throttleEvents.read + h.throttleEvents.write;
  const reasons = (Object.entries(h.throttleEvents.byReason) as [ThrottleReasonMetric, number][]).sort(
    (a, b) => b[1] - a[1],
  );
  return {
    id: `${idPrefix}/throttling`,
    label: 'Throttling',
    description: total > 0 ? `${throttleLine(h)} ${sparkline(h.sparkline.throttleEvents)}` : 'none',
    tooltip: `Throttled requests in the window. Source: ${SOURCE_METRICS.throttling}.`,
    icon: total > 0 ? statusIcon('throttled') : new vscode.ThemeIcon('check'),
    children: [
      {
        id: `${idPrefix}/throttling/read`,
        label: 'Read throttle events',
        description: formatCount(h.throttleEvents.read),
        tooltip: 'ReadThrottleEvents (Sum)',
        icon: new vscode.ThemeIcon('arrow-down'),
      },
      {
        id: `${idPrefix}/throttling/write`,
        label: 'Write throttle events',
        description: formatCount(h.throttleEvents.write),
        tooltip: 'WriteThrottleEvents (Sum)',
        icon: new vscode.ThemeIcon('arrow-up'),
      },
      ...reasons.map(([metric, n]) => ({
        id: `${idPrefix}/throttling/${metric}`,
        label: reasonTitle(metric),
        description: formatCount(n),
        tooltip: `${metric} (Sum). ${CAUSE_HELP[parseReasonMetric(metric).cause] ?? ''}`,
        icon: n > 0 ? statusIcon('throttled') : new vscode.ThemeIcon('circle-small'),
      })),
    ],
  };
}

function indexRow(idPrefix: string, ix: IndexHealth): DetailRow {
  const id = `${idPrefix}/index/${ix.index}`;
  return {
    id,
    label: ix.index,
    description: resourceSummary(ix),
    tooltip: `Index ${ix.index}: ${ix.reason}`,
    icon: statusIcon(ix.status),
    contextValue: 'index',
    indexName: ix.index,
    children: [...capacityRows(id, ix), throttlingRow(id, ix)],
  };
}

function keyRows(idPrefix: string, contributors: readonly KeyContributor[], unit: string): DetailRow[] {
  if (contributors.length === 0)
    return [{ id: `${idPrefix}/none`, label: 'none in the window', icon: new vscode.ThemeIcon('circle-small') }];
  return contributors.slice(0, 10).map((c, i) => ({
    id: `${idPrefix}/${i}`,
    label: c.keys.join(' · '),
    description: `${formatCount(c.maxValue)} ${unit}`,
    tooltip: `Peak per minute in the window (Contributor Insights rule report).`,
    icon: new vscode.ThemeIcon('key'),
  }));
}

/**
 * A table's indexes from its description alone, for a connection without metrics (DynamoDB Local):
 * each GSI and LSI with its keys and projection, and the query panel on its context menu.
 */
export function describedIndexRows(idPrefix: string, table: TableModel): DetailRow[] {
  if (table.indexes.length === 0) return [];
  const keyText = (k: { name: string; type?: string }) => `${k.name} (${k.type ?? 'S'})`;
  return [
    {
      id: `${idPrefix}/indexes`,
      label: 'Indexes',
      description: table.indexes.map((ix) => ix.kind).join(', '),
      icon: new vscode.ThemeIcon('list-tree'),
      children: table.indexes.map((ix) => ({
        id: `${idPrefix}/index/${ix.name}`,
        label: ix.name,
        description: `${ix.kind} · ${[ix.partitionKey, ...(ix.sortKey ? [ix.sortKey] : [])].map(keyText).join(', ')}${ix.projection.type === 'ALL' ? '' : ` · projects ${ix.projection.type === 'KEYS_ONLY' ? 'keys only' : 'keys + some'}`}`,
        tooltip: `Index ${ix.name} (${ix.kind}) of ${table.name}, from DescribeTable. Open the query panel on it from the context menu.`,
        icon: new vscode.ThemeIcon('symbol-key'),
        contextValue: 'index',
        indexName: ix.name,
      })),
    },
  ];
}

/** The children of an expanded table, from its full-detail metrics. */
export function tableDetailRows(idPrefix: string, m: TableMetrics, h: TableHealth): DetailRow[] {
  const rows: DetailRow[] = [...capacityRows(idPrefix, h), throttlingRow(idPrefix, h)];
  if (h.level === 'full') {
    rows.push({
      id: `${idPrefix}/operations`,
      label: 'Errors & latency',
      description: operationsLine(h),
      tooltip: `Source: ${SOURCE_METRICS.operations}.`,
      icon: new vscode.ThemeIcon(h.systemErrors > 0 ? 'bug' : 'dashboard'),
      children: h.operations.map((o) => ({
        id: `${idPrefix}/operations/${o.operation}`,
        label: o.operation,
        description: operationLine(o),
        icon: new vscode.ThemeIcon('symbol-method'),
      })),
    });
  }
  if (h.indexes.length > 0) {
    rows.push({
      id: `${idPrefix}/indexes`,
      label: 'Indexes',
      description: `${h.indexes.length} GSI${h.indexes.length === 1 ? '' : 's'}${h.indexes.some((i) => i.status === 'throttled') ? ' · throttled' : ''}`,
      icon: new vscode.ThemeIcon('list-tree'),
      children: h.indexes.map((ix) => indexRow(idPrefix, ix)),
    });
  }
  if (m.topKeys) {
    rows.push({
      id: `${idPrefix}/topKeys`,
      label: 'Top keys',
      description: 'Contributor Insights',
      icon: new vscode.ThemeIcon('key'),
      children: [
        {
          id: `${idPrefix}/topKeys/throttled`,
          label: 'Most throttled',
          icon: statusIcon('throttled'),
          children: keyRows(`${idPrefix}/topKeys/throttled`, m.topKeys.throttled, 'throttled'),
        },
        {
          id: `${idPrefix}/topKeys/accessed`,
          label: 'Most accessed',
          icon: new vscode.ThemeIcon('graph'),
          children: keyRows(`${idPrefix}/topKeys/accessed`, m.topKeys.accessed, 'units'),
        },
      ],
    });
  } else if (m.contributorInsights) {
    rows.push({
      id: `${idPrefix}/topKeys`,
      label: 'Top keys',
      description: m.contributorInsights,
      tooltip: m.contributorInsights,
      icon: new vscode.ThemeIcon('key'),
    });
  }
  return rows;
}

/** A finding in the workspace, as the analyzer's workspace service lists it. */
export interface CodeFinding {
  readonly finding: Finding;
  readonly uri: vscode.Uri;
}

/** The command that opens a file at an analyzer position (1-based). */
export function openAt(
  uri: vscode.Uri,
  f: { line: number; column: number; endLine: number; endColumn: number },
): vscode.Command {
  return {
    title: 'Open',
    command: 'vscode.open',
    arguments: [uri, { selection: rangeOf(f) } satisfies vscode.TextDocumentShowOptions],
  };
}

/** "Cost guard": the Scans and single-value keys in the workspace's code that touch this table, linked to their lines. */
export function costGuardRow(idPrefix: string, findings: readonly CodeFinding[] | undefined): DetailRow {
  const id = `${idPrefix}/costGuard`;
  if (!findings)
    return {
      id,
      label: 'Cost guard',
      description: 'analyzing the workspace…',
      icon: new vscode.ThemeIcon('loading~spin'),
    };
  const scans = findings.filter((f) => f.finding.rule === 'scan').length;
  const keys = findings.length - scans;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    id,
    label: 'Cost guard',
    description:
      findings.length === 0
        ? 'no Scan or single-value key in the code'
        : `${plural(scans, 'Scan')} · ${plural(keys, 'single-value key')}`,
    tooltip: "Scans and single-value partition keys in this workspace's code that use this table (from the analyzer).",
    icon: new vscode.ThemeIcon(
      'shield',
      findings.length > 0 ? new vscode.ThemeColor('list.warningForeground') : undefined,
    ),
    children: findings.map(({ finding, uri }, i) => ({
      id: `${id}/${i}`,
      label: `${ruleDefinition(finding.rule).title}: ${vscode.workspace.asRelativePath(uri)}:${finding.line}`,
      tooltip: finding.message,
      icon: new vscode.ThemeIcon(ruleDefinition(finding.rule).icon),
      command: openAt(uri, finding),
      contextValue: 'finding',
    })),
  };
}

/**
 * "Scans in code": what the workspace's Scans on this table cost a month at most, at the read rate
 * of the cost window. Undefined without Scans or series.
 */
function scansRow(
  id: string,
  state: Extract<TableCostState, { status: 'done' }>,
  findings: readonly CodeFinding[] | undefined,
): DetailRow | undefined {
  const { report } = state;
  const usage = report.usage;
  const scans = (findings ?? []).filter((f) => f.finding.rule === 'scan');
  if (!usage || scans.length === 0) return undefined;
  const c = scansInCodeCost(
    report.table,
    usage,
    scans.map(({ finding }) => ({
      ...(finding.data?.index ? { index: finding.data.index } : {}),
      consistent: finding.data?.consistentRead === true,
    })),
    state.prices,
  );
  if (!c) return undefined;
  const [label = '', ...rest] = scansInCodeLine(c).split(' · ');
  return {
    id: `${id}/scans`,
    label,
    description: rest.join(' · '),
    contextValue: 'scansInCode',
    tooltip: scansInCodeEvidence(c, report.table.name, report.table.billingMode, windowDays(usage.window)).join('\n\n'),
    icon: new vscode.ThemeIcon('search', new vscode.ThemeColor('list.warningForeground')),
  };
}

/**
 * "Cost": the table's monthly cost and best saving; expanded, the split (measured or assumed), each
 * recommendation with its evidence, and the alarms to copy. Undefined where no analysis is possible.
 */
export function costRow(
  idPrefix: string,
  state: TableCostState | undefined,
  findings?: readonly CodeFinding[],
): DetailRow | undefined {
  const id = `${idPrefix}/cost`;
  if (state?.status === 'unavailable') return undefined;
  if (!state || state.status === 'computing') {
    return {
      id,
      label: 'Cost',
      description: 'computing…',
      tooltip: 'Reading 14 days of consumed and provisioned capacity from CloudWatch (once a day per table).',
      icon: new vscode.ThemeIcon('loading~spin'),
    };
  }
  if (state.status === 'error') {
    return {
      id,
      label: 'Cost',
      description: state.message,
      tooltip: `${state.message}\n\nRefresh the view to try again.`,
      icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
      command: { title: 'Retry', command: CommandIds.refreshTables },
      contextValue: 'costError',
    };
  }
  const { report } = state;
  const advice = report.advice;
  if (!advice) return undefined;
  const { cost, recommendations } = advice;
  const currency = cost.currency;
  const parts: DetailRow[] = costParts(cost).map((p) => ({
    id: `${id}/part/${p.label}`,
    label: p.label,
    description: costPartLine(p, currency),
    tooltip: p.note,
    icon: new vscode.ThemeIcon(p.basis === 'measured' ? 'graph-line' : 'question'),
  }));
  const recs: DetailRow[] =
    recommendations.length > 0
      ? recommendations.map((r, i) => ({
          id: `${id}/rec/${i}`,
          label: r.action,
          description: savingsLine(r, currency),
          tooltip: r.evidence,
          icon: new vscode.ThemeIcon('lightbulb', new vscode.ThemeColor('list.warningForeground')),
          contextValue: 'costRecommendation',
          copyText: recommendationText(r, currency),
        }))
      : [{ id: `${id}/rec/none`, label: 'No change saves $1 a month or more', icon: new vscode.ThemeIcon('check') }];
  const note = throttleNote(advice);
  const scans = scansRow(id, state, findings);
  const alarms: DetailRow = {
    id: `${id}/alarms`,
    label: 'Alarms',
    description: alarmsLine(report.alarms, state.alarmsChecked),
    tooltip:
      report.alarmsError ??
      'Alarms that watch throttling and capacity near its limit; copy a suggested one as AWS CLI, CloudFormation or CDK.',
    icon: new vscode.ThemeIcon('bell'),
    children: report.alarms.map((a, i) => ({
      id: `${id}/alarms/${i}`,
      label: a.name,
      description: alarmLine(a),
      icon: new vscode.ThemeIcon(a.source === 'existing' ? (a.state === 'ALARM' ? 'bell-dot' : 'bell') : 'add'),
      ...(a.source === 'suggested'
        ? {
            contextValue: 'costAlarm',
            alarm: a,
            tooltip: `${a.reason ?? ''} Copy its definition from the context menu.`,
          }
        : {}),
    })),
  };
  const tooltip = new vscode.MarkdownString(
    [
      `**${escape(costSummary(advice))}**`,
      ...cost.assumptions.map((a) => `- ${escape(a)}`),
      report.cached ? "_Series from today's cache: no CloudWatch call._" : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return {
    id,
    label: 'Cost',
    description: costSummary(advice),
    tooltip,
    icon: new vscode.ThemeIcon('pie-chart'),
    contextValue: 'cost',
    children: [
      ...parts,
      ...(scans ? [scans] : []),
      ...recs,
      ...(note ? [{ id: `${id}/note`, label: note, tooltip: note, icon: new vscode.ThemeIcon('info') }] : []),
      alarms,
    ],
  };
}
