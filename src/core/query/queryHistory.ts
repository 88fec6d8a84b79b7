// The last 50 queries run from query panels in a workspace, newest first, in a store that survives
// reloads (the extension's workspace state); running the same query again moves it to the top
// instead of repeating it, and stored entries that do not validate are dropped on read.
import { isPanelRequest, type PanelRequest } from './panelRequest';
import { isPlace, type Place } from './queryRun';

export interface HistoryEntry {
  id: string;
  /** ISO time of the run. */
  at: string;
  place: Place;
  table: string;
  request: PanelRequest;
  /** One line: `GSI1 · GSI1PK = CATEGORY#books · 3 items`. */
  summary: string;
}

/** Where the history is kept: a key-value store such as VS Code's Memento. */
export interface HistoryStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const HISTORY_LIMIT = 50;
const KEY = 'dynamoGuard.queryHistory';

export function isHistoryEntry(v: unknown): v is HistoryEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'string' &&
    isPlace(e.place) &&
    typeof e.table === 'string' &&
    isPanelRequest(e.request) &&
    typeof e.summary === 'string'
  );
}

export class QueryHistory {
  constructor(private readonly store: HistoryStore) {}

  entries(): HistoryEntry[] {
    const raw = this.store.get(KEY);
    return Array.isArray(raw) ? raw.filter(isHistoryEntry) : [];
  }

  find(id: string): HistoryEntry | undefined {
    return this.entries().find((e) => e.id === id);
  }

  async add(entry: Omit<HistoryEntry, 'id' | 'at'>, now = new Date()): Promise<HistoryEntry[]> {
    const same = (e: HistoryEntry) =>
      e.table === entry.table &&
      e.place.connection === entry.place.connection &&
      e.place.region === entry.place.region &&
      JSON.stringify(e.request) === JSON.stringify(entry.request);
    const added: HistoryEntry = {
      ...entry,
      id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      at: now.toISOString(),
    };
    const next = [added, ...this.entries().filter((e) => !same(e))].slice(0, HISTORY_LIMIT);
    await this.store.update(KEY, next);
    return next;
  }
}
