// GitLab Code Quality report: findings in the merge request widget and changes view, compared
// between branches by fingerprint. Format: https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
import { createHash } from 'node:crypto';
import type { Severity } from '../../core/analyzer/finding';
import { activeFindings, repositoryPath, type ReportInput } from './reportInput';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

/** As ESLint's GitLab formatters map theirs: warnings are minor, errors major. */
const SEVERITY: Record<Severity, CodeQualitySeverity> = { info: 'info', warning: 'minor', error: 'major' };

export function buildGitlab(input: ReportInput): CodeQualityIssue[] {
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  return activeFindings(input).map((f) => {
    const file = repositoryPath(input, f.file) ?? f.file;
    // The finding's fingerprint leaves line numbers out (code above it can move), so an unchanged
    // finding keeps its fingerprint across runs and GitLab does not report it as new. One without
    // a fingerprint is known by its message and its rank among its twins in the file.
    let own = f.fingerprint;
    if (own === undefined) {
      const key = JSON.stringify([f.rule, file, f.message]);
      const n = occurrences.get(key) ?? 0;
      occurrences.set(key, n + 1);
      own = `${f.message}#${n}`;
    }
    const identity = JSON.stringify([f.rule, file, f.table ?? null, own]);
    let fingerprint = createHash('sha256').update(identity).digest('hex');
    // GitLab shows only the first issue of a fingerprint: never let two collide.
    for (let n = 1; seen.has(fingerprint); n++)
      fingerprint = createHash('sha256').update(`${identity}#${n}`).digest('hex');
    seen.add(fingerprint);
    return {
      description: f.message,
      check_name: f.rule,
      fingerprint,
      severity: SEVERITY[f.severity],
      location: { path: file, lines: { begin: f.line, end: f.endLine } },
    };
  });
}

export function formatGitlab(input: ReportInput): string {
  return JSON.stringify(buildGitlab(input), null, 2) + '\n';
}
