// Matches `dynamo-guard check` findings to the hand-made labels of bench/real-corpus/manifest.json
// and computes recall and precision; pure functions, so the matching rule is tested on its own.

export type LabelRule = 'scan' | 'single-value-partition-key' | 'hot-key-read';
export const LABEL_RULES: readonly LabelRule[] = ['scan', 'single-value-partition-key', 'hot-key-read'];

export interface Label {
  /** The line a reviewer expects the report on. */
  line: number;
  rule: LabelRule;
  idiom: string;
  note: string;
  /** First and last line of the labelled statement; a finding anywhere in it counts. Defaults to `[line, line]`. */
  span?: [number, number];
  /** Other lines where a report is as good: the constant's definition, the call the value flows into. */
  alsoLines?: number[];
  /**
   * Set on a label added at a second review, after an analyzer run showed a finding the first
   * labelling left out: the date and why the labels' own rule makes it a finding. The runner
   * prints the figures with and without these labels.
   */
  adjudicated?: string;
}

export interface Negative {
  line: number;
  why: string;
}

export interface LabelledFile {
  path: string;
  labels: Label[];
  mustNotReport: Negative[];
}

export interface CorpusRepository {
  repo: string;
  commit: string;
  /** Files materialised only so key schemas are discovered; findings in them are not scored. */
  contextFiles: string[];
  files: LabelledFile[];
}

export interface Manifest {
  /** The corpus's source language; absent for the JavaScript/TypeScript corpus. */
  language?: string;
  repositories: CorpusRepository[];
}

/** Languages a manifest may declare; a manifest without `language` is JavaScript/TypeScript. */
export const CORPUS_LANGUAGES: readonly string[] = ['javascript', 'python'];

/** The part of a CLI JSON finding the bench reads. */
export interface ReportedFinding {
  rule: string;
  file: string;
  line: number;
  message: string;
  /** The config key whose allowed paths lowered the finding (`allowScans`, …), when they did. */
  allowedBy?: string | null;
}

export interface LabelRef {
  repo: string;
  path: string;
  label: Label;
}

export interface FindingRef {
  repo: string;
  path: string;
  finding: ReportedFinding;
  /** The mustNotReport entry on the finding's line, when there is one. */
  negative?: Negative;
}

export interface MatchResult {
  hits: LabelRef[];
  misses: LabelRef[];
  falsePositives: FindingRef[];
  /** A second finding for a label that already matched: not counted against precision, listed. */
  duplicates: FindingRef[];
}

/** Whether a finding on `line` reports `label`: within the statement's span or on one of its other lines. */
export function labelCovers(label: Label, line: number): boolean {
  const [start, end] = label.span ?? [label.line, label.line];
  return (line >= start && line <= end) || (label.alsoLines ?? []).includes(line);
}

/**
 * Matches the findings of one labelled file to its labels: same rule, line covered by the label;
 * each label takes at most one finding, the nearest to its line first. Findings of other rules
 * (`analysis-error`, `unused-suppression`) are left out by the caller.
 */
export function matchFile(repo: string, file: LabelledFile, findings: readonly ReportedFinding[]): MatchResult {
  const result: MatchResult = { hits: [], misses: [], falsePositives: [], duplicates: [] };
  const taken = new Set<number>();
  const claimed = new Set<number>();
  const pairs: { label: number; finding: number; distance: number }[] = [];
  file.labels.forEach((label, li) => {
    findings.forEach((f, fi) => {
      if (f.rule === label.rule && labelCovers(label, f.line))
        pairs.push({ label: li, finding: fi, distance: Math.abs(f.line - label.line) });
    });
  });
  pairs.sort((a, b) => a.distance - b.distance || a.label - b.label || a.finding - b.finding);
  for (const p of pairs) {
    if (taken.has(p.label) || claimed.has(p.finding)) continue;
    taken.add(p.label);
    claimed.add(p.finding);
  }
  file.labels.forEach((label, li) =>
    (taken.has(li) ? result.hits : result.misses).push({ repo, path: file.path, label }),
  );
  findings.forEach((finding, fi) => {
    if (claimed.has(fi)) return;
    const ref: FindingRef = { repo, path: file.path, finding };
    const negative = file.mustNotReport.find((n) => n.line === finding.line);
    if (negative) ref.negative = negative;
    const coversSome = file.labels.some((label) => label.rule === finding.rule && labelCovers(label, finding.line));
    (coversSome ? result.duplicates : result.falsePositives).push(ref);
  });
  return result;
}

export interface Ratio {
  found: number;
  of: number;
}

export interface Figures {
  /** Per rule: labels found of labels, and matched findings of all scored findings of that rule. */
  rules: Record<LabelRule, { recall: Ratio; precision: Ratio }>;
  /** Per idiom tag: labels found of labels (false positives carry no idiom). */
  idioms: Record<string, Ratio & { missed: number }>;
  /** Idioms ranked by how many labels they leave unreported, most first. */
  missedIdioms: { idiom: string; missed: number; of: number }[];
}

export function computeFigures(results: readonly MatchResult[]): Figures {
  const rules = Object.fromEntries(
    LABEL_RULES.map((r) => [r, { recall: { found: 0, of: 0 }, precision: { found: 0, of: 0 } }]),
  ) as Figures['rules'];
  const idioms: Figures['idioms'] = {};
  const idiom = (tag: string): Ratio & { missed: number } => (idioms[tag] ??= { found: 0, of: 0, missed: 0 });
  for (const r of results) {
    for (const h of r.hits) {
      rules[h.label.rule].recall.found++;
      rules[h.label.rule].recall.of++;
      rules[h.label.rule].precision.found++;
      rules[h.label.rule].precision.of++;
      idiom(h.label.idiom).found++;
      idiom(h.label.idiom).of++;
    }
    for (const m of r.misses) {
      rules[m.label.rule].recall.of++;
      idiom(m.label.idiom).of++;
      idiom(m.label.idiom).missed++;
    }
    for (const fp of r.falsePositives) {
      if (isLabelRule(fp.finding.rule)) rules[fp.finding.rule].precision.of++;
    }
  }
  const missedIdioms = Object.entries(idioms)
    .filter(([, v]) => v.missed > 0)
    .map(([tag, v]) => ({ idiom: tag, missed: v.missed, of: v.of }))
    .sort((a, b) => b.missed - a.missed || a.idiom.localeCompare(b.idiom));
  return { rules, idioms, missedIdioms };
}

/** The repository with its labels as first written: the labels added at a second review are left out. */
export function asFirstWritten(repo: CorpusRepository): CorpusRepository {
  return {
    ...repo,
    files: repo.files.map((f) => ({ ...f, labels: f.labels.filter((l) => l.adjudicated === undefined) })),
  };
}

/** How many labels were added at a second review. */
export function adjudicatedCount(repos: readonly CorpusRepository[]): number {
  return repos.reduce(
    (n, r) => n + r.files.reduce((m, f) => m + f.labels.filter((l) => l.adjudicated !== undefined).length, 0),
    0,
  );
}

export function isLabelRule(rule: string): rule is LabelRule {
  return (LABEL_RULES as readonly string[]).includes(rule);
}

/** Checks the manifest's shape; returns one sentence per problem, empty when it is usable. */
export function manifestProblems(value: unknown): string[] {
  const problems: string[] = [];
  const root = value as { repositories?: unknown; language?: unknown; rules?: unknown };
  const repos = root?.repositories;
  if (!Array.isArray(repos)) return ['the manifest has no "repositories" list'];
  if (root.language !== undefined && (typeof root.language !== 'string' || !CORPUS_LANGUAGES.includes(root.language))) {
    problems.push(`"language" is not one of ${CORPUS_LANGUAGES.join(', ')}`);
  }
  if (
    root.rules !== undefined &&
    (!Array.isArray(root.rules) || !root.rules.every((r) => typeof r === 'string' && isLabelRule(r)))
  ) {
    problems.push('"rules" names a rule the bench does not know');
  }
  const repoNames = new Set<string>();
  for (const r of repos as Partial<CorpusRepository>[]) {
    const name = typeof r?.repo === 'string' ? r.repo : '(unnamed)';
    if (repoNames.has(name)) problems.push(`${name}: the repository is listed twice`);
    repoNames.add(name);
    if (typeof r?.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(r.repo))
      problems.push(`${name}: "repo" is not owner/name`);
    if (typeof r?.commit !== 'string' || !/^[0-9a-f]{40}$/.test(r.commit))
      problems.push(`${name}: "commit" is not a 40-digit hash`);
    if (!Array.isArray(r?.contextFiles)) problems.push(`${name}: "contextFiles" is not a list`);
    if (!Array.isArray(r?.files)) {
      problems.push(`${name}: "files" is not a list`);
      continue;
    }
    const paths = new Set<string>();
    for (const f of r.files) {
      if (typeof f?.path !== 'string' || f.path.startsWith('/') || f.path.split('/').includes('..')) {
        problems.push(`${name}: a file path is missing or leaves the repository`);
        continue;
      }
      if (paths.has(f.path)) problems.push(`${name} ${f.path}: the file is listed twice`);
      paths.add(f.path);
      const seen = new Set<string>();
      for (const l of f.labels ?? []) {
        if (!Number.isInteger(l.line) || l.line < 1 || !isLabelRule(l.rule) || typeof l.idiom !== 'string') {
          problems.push(`${name} ${f.path}: a label needs a line, a known rule and an idiom`);
        }
        const lines = [...(l.span ?? []), ...(l.alsoLines ?? [])];
        if (
          !lines.every((n) => Number.isInteger(n) && n >= 1) ||
          (l.span && (l.span.length !== 2 || l.span[0] > l.line || l.span[1] < l.line))
        ) {
          problems.push(
            `${name} ${f.path}:${l.line}: a span must be two positive lines around the label's line, and alsoLines positive lines`,
          );
        }
        if (l.adjudicated !== undefined && (typeof l.adjudicated !== 'string' || l.adjudicated.trim() === ''))
          problems.push(`${name} ${f.path}:${l.line}: "adjudicated" must say when and why the label was added`);
        const key = `${l.line} ${l.rule}`;
        if (seen.has(key)) problems.push(`${name} ${f.path}:${l.line}: the same rule is labelled twice on one line`);
        seen.add(key);
      }
      for (const n of f.mustNotReport ?? []) {
        if (!Number.isInteger(n.line) || n.line < 1)
          problems.push(`${name} ${f.path}: a mustNotReport entry needs a line`);
      }
    }
  }
  return problems;
}
