// Baseline files: the findings a team accepted when adopting the tool, keyed so that unrelated
// edits (lines added above, reformatting) do not bring them back, while new findings still gate.
import { createHash } from 'node:crypto';
import { computeLineStarts } from '../syntax/positions';
import type { Finding } from './finding';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  /** Path relative to the baseline file's folder, forward slashes. */
  file: string;
  table?: string;
  /** Hash of rule, table and the normalized text of the finding's line, then `:` and the occurrence index. */
  fingerprint: string;
  /** For the reader of the file only; not part of the key. */
  message?: string;
}

export interface Baseline {
  version: number;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/**
 * Gives each finding of one file its `fingerprint`. Line numbers are left out on purpose: the
 * line's text (whitespace-normalized) plus the occurrence among identical lines identifies a
 * finding across edits elsewhere in the file.
 */
export function fingerprintFindings(findings: readonly Finding[], text: string): Finding[] {
  const lineStarts = computeLineStarts(text);
  const seen = new Map<string, number>();
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.offset - b.f.offset || a.i - b.i);
  const out = new Array<Finding>(findings.length);
  for (const { f, i } of order) {
    const start = lineStarts[f.line - 1] ?? 0;
    const end = lineStarts[f.line] ?? text.length;
    const lineText = text.slice(start, end).replace(/\s+/g, ' ').trim();
    const hash = createHash('sha256')
      .update(`${f.rule}\n${f.table ?? ''}\n${lineText}`)
      .digest('hex')
      .slice(0, 20);
    const occurrence = seen.get(hash) ?? 0;
    seen.set(hash, occurrence + 1);
    out[i] = { ...f, fingerprint: `${hash}:${occurrence}` };
  }
  return out;
}

function entryKey(rule: string, file: string, table: string | undefined, fingerprint: string): string {
  return JSON.stringify([rule, file, table ?? null, fingerprint]);
}

/** `fileKey` maps a finding's `file` to the path stored in the baseline (relative to the baseline's folder). */
export function createBaseline(findings: readonly Finding[], fileKey: (f: Finding) => string): Baseline {
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (f.suppression || !f.fingerprint) continue;
    entries.push({
      rule: f.rule,
      file: fileKey(f),
      ...(f.table !== undefined ? { table: f.table } : {}),
      fingerprint: f.fingerprint,
      message: f.message,
    });
  }
  // Sorted so that rewriting the baseline after a small change gives a small diff.
  entries.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      cmp(a.rule, b.rule) ||
      cmp(a.table ?? '', b.table ?? '') ||
      cmp(a.fingerprint, b.fingerprint),
  );
  return { version: BASELINE_VERSION, entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return (
    JSON.stringify({ tool: 'dynamo-guard', version: baseline.version, findings: baseline.entries }, null, 2) + '\n'
  );
}

/**
 * Reads a baseline file's text; anything unexpected is a BaselineError naming `source` and the
 * problem. Messages never quote the text: a mistyped path may name a file with secrets in it.
 */
export function parseBaseline(text: string, source: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // JSON.parse's message quotes the text around the error; only its position is kept.
    const position = /at position (\d+)/.exec((err as Error).message)?.[1];
    throw new BaselineError(
      `${source} is not valid JSON${position ? ` (at character ${position})` : ''}; write it again with --write-baseline`,
    );
  }
  if (!isObject(raw) || !Array.isArray(raw.findings)) {
    throw new BaselineError(`${source} is not a dynamo-guard baseline: expected an object with a "findings" array`);
  }
  if (raw.version !== BASELINE_VERSION) {
    const version = typeof raw.version === 'number' ? `version ${raw.version}` : 'no numeric version';
    throw new BaselineError(`${source} has baseline ${version}; this dynamo-guard reads version ${BASELINE_VERSION}`);
  }
  const entries: BaselineEntry[] = raw.findings.map((e: unknown, i: number) => {
    if (
      !isObject(e) ||
      typeof e.rule !== 'string' ||
      typeof e.file !== 'string' ||
      typeof e.fingerprint !== 'string' ||
      (e.table !== undefined && typeof e.table !== 'string')
    ) {
      throw new BaselineError(
        `${source}: findings[${i}] needs string "rule", "file" and "fingerprint" (and "table" when present)`,
      );
    }
    return {
      rule: e.rule,
      file: e.file,
      fingerprint: e.fingerprint,
      ...(typeof e.table === 'string' ? { table: e.table } : {}),
    };
  });
  return { version: BASELINE_VERSION, entries };
}

/** Splits findings into those the baseline does not know (`kept`) and a count of those it does. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  fileKey: (f: Finding) => string,
): { kept: Finding[]; baselined: number } {
  const known = new Set(baseline.entries.map((e) => entryKey(e.rule, e.file, e.table, e.fingerprint)));
  const kept: Finding[] = [];
  let baselined = 0;
  for (const f of findings) {
    if (!f.suppression && f.fingerprint && known.has(entryKey(f.rule, fileKey(f), f.table, f.fingerprint))) baselined++;
    else kept.push(f);
  }
  return { kept, baselined };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
