// Analyzes AppSync VTL mapping templates: a `.vtl` file, or the templates written inline in an
// infrastructure file (a CDK stack's `MappingTemplate.fromString`, a CloudFormation resolver's
// `RequestMappingTemplate`). Operations go to the same rule checks as the other front-ends.
import { performance } from 'node:perf_hooks';
import type { Finding } from '../analyzer/finding';
import { analysisErrorFinding } from '../analyzer/analysisError';
import type { Operation, TableReference } from '../operations/model';
import { type OperationRuleOptions, evaluateOperationRules } from '../rules/operationChecks';
import { errorMessage } from '../errorMessage';
import { detectVtlOperations } from './detectOperations';
import { cdkScanHelpers, inlineTemplates, mayHoldInlineTemplate } from './inlineTemplates';
import { mightMatterVtl } from './vtlFiles';

export interface VtlAnalysis {
  findings: Finding[];
  operations: Operation[];
  skipped?: 'prefilter' | 'binary' | 'too-large';
  error?: string;
  durationMs: number;
}

const DEFAULT_MAX_LENGTH = 8 * 1024 * 1024;

export interface VtlAnalyzeOptions extends OperationRuleOptions {
  /** The table of the resolver's data source, when infrastructure maps the template to one. */
  table?: TableReference;
  maxFileLength?: number;
}

/** Analyzes one `.vtl` template. */
export function analyzeVtl(fileName: string, text: string, options: VtlAnalyzeOptions): VtlAnalysis {
  const started = performance.now();
  if (text.length > (options.maxFileLength ?? DEFAULT_MAX_LENGTH))
    return { findings: [], operations: [], skipped: 'too-large', durationMs: performance.now() - started };
  if (text.includes('\u0000'))
    return { findings: [], operations: [], skipped: 'binary', durationMs: performance.now() - started };
  if (!mightMatterVtl(text))
    return { findings: [], operations: [], skipped: 'prefilter', durationMs: performance.now() - started };
  const table = options.table;
  return run(
    fileName,
    () => detectVtlOperations(text).map((op) => (table && !op.table ? { ...op, table } : op)),
    options,
    started,
  );
}

/**
 * The findings of the VTL templates written inline in a source or infrastructure file; none when it
 * has none. The file's own analysis (JS/TS, schemas) is separate.
 */
export function analyzeInlineVtl(fileName: string, text: string, options: OperationRuleOptions): VtlAnalysis {
  const started = performance.now();
  if (!mayHoldInlineTemplate(text)) return { findings: [], operations: [], durationMs: performance.now() - started };
  return run(
    fileName,
    () => [
      ...inlineTemplates(fileName, text).flatMap((t) =>
        detectVtlOperations(t.text, [t.region]).map((op) => (t.table && !op.table ? { ...op, table: t.table } : op)),
      ),
      ...cdkScanHelpers(fileName, text),
    ],
    options,
    started,
  );
}

function run(fileName: string, detect: () => Operation[], options: OperationRuleOptions, started: number): VtlAnalysis {
  try {
    const operations = detect();
    const findings = evaluateOperationRules(fileName, operations, options);
    return { findings, operations, durationMs: performance.now() - started };
  } catch (err) {
    const reason =
      err instanceof RangeError
        ? 'the template is nested too deeply to analyze'
        : `internal error: ${errorMessage(err)}`;
    return {
      findings: [analysisErrorFinding(fileName, '', reason)],
      operations: [],
      error: reason,
      durationMs: performance.now() - started,
    };
  }
}
