// What every report format is rendered from: the run's findings (paths relative to the working
// directory) and its counters.
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
}
