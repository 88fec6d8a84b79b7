// Key-query results as read-only JSON documents: a content provider on our own scheme (the editor
// cannot save or edit those) whose file name carries the item count, consumed capacity and cost.
import * as vscode from 'vscode';
import { formatUsd } from '../../core/pricing';

export const RESULT_SCHEME = 'dynamo-guard-result';

/** Results kept for reopening; an editor that is already open keeps its text after eviction. */
const MAX_KEPT = 50;

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration: vscode.Disposable;
  private sequence = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This result is no longer in memory: run the query again.\n';
  }

  /** Opens `value` as pretty JSON in a new read-only editor titled `title`.json. */
  async show(title: string, value: unknown): Promise<vscode.Uri> {
    // The query part keeps each run its own document: a re-run opens beside the old result instead of
    // silently replacing what the user was comparing it with.
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${title}.json`, query: `run=${++this.sequence}` });
    this.contents.set(uri.toString(), `${JSON.stringify(value, null, 2)}\n`);
    while (this.contents.size > MAX_KEPT) {
      const oldest = this.contents.keys().next().value as string;
      this.contents.delete(oldest);
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}

/** `0.5 RCU`: read units as DynamoDB reports them (halves for eventually consistent reads). */
export function formatReadUnits(units: number): string {
  return `${Number(units.toFixed(2))} RCU`;
}

/** `shop · Query · 2 items · 0.5 RCU · $0.000000063`: the document title and the status-bar line. */
export function resultTitle(parts: {
  table: string;
  index?: string;
  operation: 'Query' | 'GetItem';
  items: number;
  readUnits: number;
  costUsd: number;
}): string {
  const target = parts.index ? `${parts.table} ${parts.index}` : parts.table;
  const items = `${parts.items} item${parts.items === 1 ? '' : 's'}`;
  return [target, parts.operation, items, formatReadUnits(parts.readUnits), formatUsd(parts.costUsd)].join(' · ');
}
