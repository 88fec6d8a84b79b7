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
  repositories: CorpusRepository[];
}

/** The part of a CLI JSON finding the bench reads. */
export interface ReportedFinding {
  rule: string;
  file: string;
  line: number;
  message: string;
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
      if (f.rule === label.rule && labelCovers(label, f.line)) pairs.push({ label: li, finding: fi, distance: Math.abs(f.line - label.line) });
    });
  });
  pairs.sort((a, b) => a.distance - b.distance || a.label - b.label || a.finding - b.finding);
  for (const p of pairs) {
    if (taken.has(p.label) || claimed.has(p.finding)) continue;
    taken.add(p.label);
    claimed.add(p.finding);
  }
  file.labels.forEach((label, li) => (taken.has(li) ? result.hits : result.misses).push({ repo, path: file.path, label }));
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

export function isLabelRule(rule: string): rule is LabelRule {
  return (LABEL_RULES as readonly string[]).includes(rule);
}

/** Checks the manifest's shape; returns one sentence per problem, empty when it is usable. */
export function manifestProblems(value: unknown): string[] {
  const problems: string[] = [];
  const repos = (value as { repositories?: unknown })?.repositories;
  if (!Array.isArray(repos)) return ['the manifest has no "repositories" list'];
  for (const r of repos as Partial<CorpusRepository>[]) {
    const name = typeof r?.repo === 'string' ? r.repo : '(unnamed)';
    if (typeof r?.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(r.repo)) problems.push(`${name}: "repo" is not owner/name`);
    if (typeof r?.commit !== 'string' || !/^[0-9a-f]{40}$/.test(r.commit)) problems.push(`${name}: "commit" is not a 40-digit hash`);
    if (!Array.isArray(r?.contextFiles)) problems.push(`${name}: "contextFiles" is not a list`);
    if (!Array.isArray(r?.files)) {
      problems.push(`${name}: "files" is not a list`);
      continue;
    }
    for (const f of r.files) {
      if (typeof f?.path !== 'string' || f.path.startsWith('/') || f.path.split('/').includes('..')) {
        problems.push(`${name}: a file path is missing or leaves the repository`);
        continue;
      }
      for (const l of f.labels ?? []) {
        if (!Number.isInteger(l.line) || l.line < 1 || !isLabelRule(l.rule) || typeof l.idiom !== 'string') {
          problems.push(`${name} ${f.path}: a label needs a line, a known rule and an idiom`);
        }
      }
      for (const n of f.mustNotReport ?? []) {
        if (!Number.isInteger(n.line) || n.line < 1) problems.push(`${name} ${f.path}: a mustNotReport entry needs a line`);
      }
    }
  }
  return problems;
}
