// The JSON report, a contract scripts depend on: fields are only ever added, never renamed or
// removed (schemas/check-output.schema.json describes it).
import { sourceLanguageOf } from '../../core/workspace/sourceLanguage';
import type { SourceLanguage } from '../../core/operations/model';
import type { ReportInput } from './reportInput';

export interface JsonFinding {
  rule: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** null when the table could not be resolved. */
  table: string | null;
  fingerprint: string | null;
  related: Array<{ file: string; line: number; column: number; message: string }>;
  /** The language of the finding's file, by its extension. */
  language: SourceLanguage;
  /** The config key whose allowed paths lowered the finding's severity (`allowScans`, …); null otherwise. */
  allowedBy: string | null;
}

export interface JsonReport {
  version: string;
  findings: JsonFinding[];
  stats: {
    filesScanned: number;
    filesAnalyzed: number;
    durationMs: number;
    suppressed: number;
    baselined: number;
    filesSkipped: number;
  };
  problems: Array<{ file: string | null; message: string; reason: string | null }>;
}

export function buildJsonReport(input: ReportInput): JsonReport {
  return {
    version: input.toolVersion,
    findings: input.findings
      .filter((f) => !f.suppression)
      .map((f) => ({
        rule: f.rule,
        severity: f.severity,
        confidence: f.confidence,
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        message: f.message,
        table: f.table ?? null,
        fingerprint: f.fingerprint ?? null,
        related: (f.related ?? []).map((r) => ({ file: r.file, line: r.line, column: r.column, message: r.message })),
        language: sourceLanguageOf(f.file),
        allowedBy: f.allowedBy ?? null,
      })),
    stats: {
      filesScanned: input.stats.filesScanned,
      filesAnalyzed: input.stats.filesAnalyzed,
      durationMs: input.stats.durationMs,
      suppressed: input.stats.suppressed,
      baselined: input.stats.baselined,
      filesSkipped: input.stats.filesSkipped,
    },
    problems: input.problems.map((p) => ({ file: p.file ?? null, message: p.message, reason: p.reason ?? null })),
  };
}

export function formatJson(input: ReportInput): string {
  return JSON.stringify(buildJsonReport(input), null, 2) + '\n';
}
