// The last 50 queries run from query panels in this workspace, newest first, kept in workspaceState
// so they survive reloads; running the same query again moves it to the top instead of repeating it.
import type * as vscode from 'vscode';
import { isPanelRequest, isPlace, type HistoryEntry } from '../../webview/protocol';

export const HISTORY_LIMIT = 50;
const KEY = 'dynamoGuard.queryHistory';

function isEntry(v: unknown): v is HistoryEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.id === 'string' && typeof e.at === 'string' && isPlace(e.place) && typeof e.table === 'string' && isPanelRequest(e.request) && typeof e.summary === 'string';
}

export class QueryHistory {
  constructor(private readonly state: vscode.Memento) {}

  entries(): HistoryEntry[] {
    const raw = this.state.get<unknown>(KEY);
    return Array.isArray(raw) ? raw.filter(isEntry) : [];
  }

  find(id: string): HistoryEntry | undefined {
    return this.entries().find((e) => e.id === id);
  }

  async add(entry: Omit<HistoryEntry, 'id' | 'at'>, now = new Date()): Promise<HistoryEntry[]> {
    const same = (e: HistoryEntry) => e.table === entry.table && e.place.connection === entry.place.connection && e.place.region === entry.place.region && JSON.stringify(e.request) === JSON.stringify(entry.request);
    const added: HistoryEntry = { ...entry, id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, at: now.toISOString() };
    const next = [added, ...this.entries().filter((e) => !same(e))].slice(0, HISTORY_LIMIT);
    await this.state.update(KEY, next);
    return next;
  }
}
