// Operations of each top-level statement, kept between edits: a statement whose text is unchanged,
// and whose module-level names still mean the same, is not looked at again.
import { type SourceRange, rangeFromOffsets } from '../syntax/positions';
import type { Operation } from '../operations/model';

/** The function an operation is in, by where it starts and its name. */
export interface EnclosingFunction {
  /** Offset of the `def`; moved with the statement's operations. */
  start: number;
  /** The name as called (`put`). */
  name: string;
  /** The name with its class (`Repo.put`). */
  qualified: string;
}

/** A top-level statement of the file: its text and where it is. */
export interface StatementSpan {
  key: string;
  start: number;
  end: number;
}

export interface CachedStatement {
  /**
   * The statements holding the operations' ranges when they were found (the statement itself,
   * and the one that names the table or declares the model): each range moves with its statement.
   */
  spans: StatementSpan[];
  /** Module-level names the statement's analysis read, with their signatures then. */
  deps: ReadonlyMap<string, string>;
  /** Loaded project modules' generation then: a changed import invalidates everything. */
  generation: number;
  sites: Array<{ op: Operation; fn: EnclosingFunction; objectParameter?: { name: string; position: number } }>;
}

/** Keyed by the statement's text: the same text reading the same names gives the same operations. */
export type StatementCache = Map<string, CachedStatement>;

/** The operations re-stated at the wrapper calls of one top-level statement. */
export interface CachedCallSites {
  /** The statements holding the operations' ranges (the calls' own, and the wrapped operations'). */
  spans: StatementSpan[];
  /** Module-level names read while resolving the calls and their arguments, with their signatures then. */
  deps: ReadonlyMap<string, string>;
  generation: number;
  /** The wrapper names looked for then: a function becoming or ceasing to be a wrapper invalidates everything. */
  wrappers: string;
  /** The statements holding the functions called, with the version of their operations then. */
  callees: ReadonlyMap<string, object>;
  ops: Operation[];
}

/** Keyed by the statement's text, like the statement cache. */
export type CallSiteCache = Map<string, CachedCallSites>;

function isRange(v: object): v is SourceRange {
  const r = v as Partial<SourceRange>;
  return (
    typeof r.offset === 'number' &&
    typeof r.endOffset === 'number' &&
    typeof r.line === 'number' &&
    typeof r.endLine === 'number'
  );
}

/**
 * Whether `source[k]` is positioned in another file, which an edit of this one does not move: an
 * imported model's schema, a wrapper's operation in another module, a call in another module.
 */
function elsewhere(source: Record<string, unknown>, k: string): boolean {
  const v = source[k];
  return (
    (typeof v === 'object' && v !== null && !Array.isArray(v) && 'file' in v) ||
    (k === 'origin' && source.originFile !== undefined)
  );
}

/** Every range inside `value` that is in this file. */
export function rangesOf(value: unknown, out: SourceRange[] = []): SourceRange[] {
  if (Array.isArray(value)) {
    for (const v of value) if (!(v && typeof v === 'object' && 'file' in v)) rangesOf(v, out);
  } else if (value && typeof value === 'object') {
    if (isRange(value)) out.push(value);
    else {
      const source = value as Record<string, unknown>;
      for (const k in source) if (!elsewhere(source, k)) rangesOf(source[k], out);
    }
  }
  return out;
}

/** Statements before an edit do not move: their cached operations are used as they are. */
export const IDENTITY = (offset: number): number => offset;

/** A copy of `value` with every range's offsets mapped and its lines and columns recomputed. */
export function relocate<T>(value: T, move: (offset: number) => number, lineStarts: readonly number[]): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      out[i] = v && typeof v === 'object' && 'file' in v ? v : relocate(v, move, lineStarts);
    }
    return out as T;
  }
  if (isRange(value)) return { ...value, ...rangeFromOffsets(lineStarts, move(value.offset), move(value.endOffset)) };
  // for...in, not Object.entries: this runs for every cached operation after an edit.
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in source) {
    out[k] = elsewhere(source, k) ? source[k] : relocate(source[k], move, lineStarts);
  }
  return out as T;
}

/**
 * How offsets of a cached entry map into the current file, or undefined when one of its
 * statements is gone (or is there twice, so that which one is meant is unclear).
 */
export function offsetMapping(
  entry: { spans: readonly StatementSpan[] },
  current: ReadonlyMap<string, number | null>,
): ((offset: number) => number) | undefined {
  const moves: Array<{ start: number; end: number; delta: number }> = [];
  for (const span of entry.spans) {
    const now = current.get(span.key);
    if (now === undefined || now === null) return undefined;
    moves.push({ start: span.start, end: span.end, delta: now - span.start });
  }
  if (moves.every((m) => m.delta === 0)) return IDENTITY;
  return (offset) => {
    const m = moves.find((x) => offset >= x.start && offset <= x.end);
    return offset + (m?.delta ?? 0);
  };
}

/** The first statement (of `statements`, in text order) that holds `start`..`end`, found by binary search. */
export function holderOf<T extends StatementSpan>(statements: readonly T[], start: number, end: number): T | undefined {
  // The last statement starting at or before `start`; the one before it may end right where it starts.
  let lo = 0;
  let hi = statements.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((statements[mid] as T).start <= start) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = Math.max(0, at - 1); i <= at; i++) {
    const s = statements[i] as T;
    if (start >= s.start && end <= s.end) return s;
  }
  return undefined;
}
