// Rule `analysis-error`: a file the analyzer gave up on. The tool's own rule: analyzer/analyze.ts
// and analyzer/project.ts report it.
import type { RuleDefinition } from '../ruleDefinition';

export const analysisErrorRule = {
  id: 'analysis-error',
  name: 'AnalysisError',
  title: 'Not analyzed',
  shortDescription: 'A file could not be analyzed completely',
  fullDescription:
    'The analyzer gave up on this file (its time budget ran out, or it is nested too deeply to walk); findings in it are missing.',
  help: 'The file was not analyzed, so Scans or constant keys in it go unreported; like a file ESLint cannot parse, it is an error and fails `dynamo-guard check` at every --fail-on level but never. Split very long or very deeply nested code, or, for generated files, list them under the `ignore` globs of dynamo-guard.config.json.',
  defaultSeverity: 'error',
  tags: ['tool'],
  precision: 'high',
  reads: [],
  fixes: [],
  suppressible: false,
  pricesFindings: false,
  icon: 'error',
} as const satisfies RuleDefinition;
