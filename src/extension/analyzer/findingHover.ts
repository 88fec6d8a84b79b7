// Hover on a Scan or single-value key: what it costs on the live table (DescribeTable through the
// configured connections) and what the Tables view's CloudWatch metrics say about it.
import * as vscode from 'vscode';
import type { Finding } from '../../core/analyzer/finding';
import type { CostContext } from '../../core/findingCost';
import { pricesFindings } from '../../core/rules/registry';
import { isUnknownTable } from '../../core/schema/serviceScope';
import type { AnalyzerSession } from './analyzerSession';
import { rangeOf } from './diagnosticsController';
import type { LiveMetricsLookup, LiveTableFacts, TableFactsResult } from './liveTableFacts';
import { readCostPrices } from '../tables/metricsSettings';
import type { WorkspaceFindings } from './workspaceFindings';

/** How long a hover waits for DescribeTable before it shows what it has (the answer is cached for the next one). */
const DESCRIBE_WAIT_MS = 2500;

export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly options: {
      session: AnalyzerSession;
      findings: WorkspaceFindings;
      tableFacts: LiveTableFacts;
      metrics: LiveMetricsLookup;
    },
  ) {}

  async provideHover(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const open = this.options.findings.openFindings(doc.uri);
    if (!open || open.version !== doc.version) return undefined;
    const hits = open.findings.filter((f) => pricesFindings(f.rule) && rangeOf(f).contains(position));
    if (hits.length === 0) return undefined;
    const mod = await this.options.session.module();
    const parts: string[] = [];
    for (const finding of hits) {
      const context = await this.context(finding, token);
      if (token.isCancellationRequested) return undefined;
      const md = mod.findingCostMarkdown(finding, context);
      if (md) parts.push(md);
    }
    if (parts.length === 0) return undefined;
    // Untrusted and without HTML: the text names tables and keys from workspace code and endpoints.
    return new vscode.Hover(new vscode.MarkdownString(parts.join('\n\n---\n\n')), rangeOf(hits[0] as Finding));
  }

  private async context(finding: Finding, token: vscode.CancellationToken): Promise<CostContext> {
    if (!finding.table) return {};
    // Several services wire a table into this name: describing any one of them would be a guess.
    if (isUnknownTable(finding.table))
      return {
        tableProblem: `${finding.table}: which of these tables the code reads depends on the service that deploys it.`,
      };
    const looked = await withinTime(this.options.tableFacts.lookup(finding.table), DESCRIBE_WAIT_MS, token);
    const name = looked && 'facts' in looked ? looked.facts.table.name : finding.table;
    const health = this.options.metrics.healthFor(name);
    const topKeys = this.options.metrics.topKeysFor(name, finding.data?.index);
    // The same rates as the Tables view's Cost rows: the user's override when set.
    const { prices } = readCostPrices();
    return {
      ...(prices ? { prices } : {}),
      ...(looked && 'facts' in looked ? { table: looked.facts.table, tableSource: looked.facts.source } : {}),
      ...(looked && 'problem' in looked ? { tableProblem: looked.problem } : {}),
      ...(!looked
        ? { tableProblem: `Reading table ${finding.table} is taking a while; hover again in a moment.` }
        : {}),
      ...(health ? { health } : {}),
      ...(topKeys ? { topKeys } : {}),
    };
  }
}

function withinTime(
  p: Promise<TableFactsResult>,
  ms: number,
  token: vscode.CancellationToken,
): Promise<TableFactsResult | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    const sub = token.onCancellationRequested(() => resolve(undefined));
    p.then(
      (r) => resolve(r),
      () => resolve(undefined),
    ).finally(() => {
      clearTimeout(timer);
      sub.dispose();
    });
  });
}
