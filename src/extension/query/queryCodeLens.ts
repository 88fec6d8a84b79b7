// "Run this query" above each Query and GetItem call in JS/TS: opens the query panel on the table,
// index and key values the analyzer resolved (values the code computes are left for the user to fill).
// The analysis comes from the diagnostics controller, so the analyzer loads lazily and parses once.
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { queryTargets } from '../../core/analyzer/queryTargets';
import type { FileAnalysis } from '../../core/analyzer/analyze';
import type { QueryPanelTarget } from './queryPanelTarget';

export interface AnalysisSource {
  analysisOf(doc: vscode.TextDocument): Promise<FileAnalysis | undefined>;
}

export class QueryCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly analyses: AnalysisSource) {}

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const analysis = await this.analyses.analysisOf(doc);
    if (!analysis || token.isCancellationRequested) return [];
    return queryTargets(analysis).map((t) => {
      const range = new vscode.Range(t.range.line - 1, t.range.column - 1, t.range.endLine - 1, t.range.endColumn - 1);
      const arg: QueryPanelTarget = {
        ...(t.table !== undefined ? { table: t.table } : {}),
        code: {
          keyValues: t.keyValues,
          ...(t.index !== undefined ? { index: t.index } : {}),
          ...(t.sortKeyCondition ? { sortKeyCondition: t.sortKeyCondition } : {}),
        },
      };
      const filled = Object.values(t.keyValues).filter((v) => v !== null).length;
      return new vscode.CodeLens(range, {
        title: '$(play) Run this query',
        tooltip: `Open ${t.table ?? 'the table'}${t.index ? ` (index ${t.index})` : ''} in the Dynamo Guard query panel with ${filled > 0 ? 'the key values found here' : 'the key inputs to fill'}`,
        command: CommandIds.openQueryPanel,
        arguments: [arg],
      });
    });
  }
}
