// What every report format is rendered from: the run's findings (paths relative to the working
// directory) and its counters.
import * as path from 'node:path';
import type { Finding } from '../../core/analyzer/finding';

export interface ReportStats {
  filesScanned: number;
  filesAnalyzed: number;
  durationMs: number;
  suppressed: number;
  baselined: number;
  /** Files found but not analyzed; each has a problem with its reason. */
  filesSkipped: number;
}

export interface ReportInput {
  /** Active and suppressed findings; formats that cannot carry suppressions leave those out. */
  findings: readonly Finding[];
  stats: ReportStats;
  problems: ReadonlyArray<{ file?: string; message: string; reason?: string }>;
  toolVersion: string;
  /** Every file found, relative to the working directory with forward slashes (JUnit lists the clean ones as passing). */
  files?: readonly string[];
  /**
   * Where the run happened: `cwd`, which the paths above are relative to, and the repository root
   * (the nearest folder with `.git` above it), which code-scanning formats want paths relative to.
   */
  location?: { cwd: string; repositoryRoot: string };
}

/** Incomplete runs: a named path that is missing, or a file or folder that cannot be read. */
export function isIncomplete(problem: { reason?: string }): boolean {
  return problem.reason === 'missing' || problem.reason === 'unreadable';
}

/**
 * A report path (relative to the working directory) relative to the repository root, forward
 * slashes; undefined when the file lies outside the repository (or the run has no location).
 */
export function repositoryPath(input: Pick<ReportInput, 'location'>, file: string): string | undefined {
  if (!input.location) return file;
  const rel = path.relative(input.location.repositoryRoot, path.resolve(input.location.cwd, file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The findings a report shows: the active ones (a suppressed finding is carried only by SARIF). */
export function activeFindings(input: Pick<ReportInput, 'findings'>): Finding[] {
  return input.findings.filter((f) => !f.suppression);
}
