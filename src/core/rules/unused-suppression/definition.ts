// Rule `unused-suppression`: ignore comments that silence nothing or lack a reason. The tool's own
// rule: analyzer/suppressions.ts reports it while it applies the comments.
import type { RuleDefinition } from '../ruleDefinition';

export const unusedSuppressionRule = {
  id: 'unused-suppression',
  name: 'UnusedSuppression',
  title: 'Unused suppression',
  shortDescription: 'Ignore comment that silences nothing or lacks a reason',
  fullDescription:
    'A dynamo-guard-ignore comment that names an unknown rule, has no reason after ` -- `, or has no matching finding on its target line.',
  help: 'Ignore comments need a rule and a reason: `// dynamo-guard-ignore-next-line scan -- nightly export reads all rows`. A comment without a reason does not suppress anything. A comment whose finding has gone (the code was fixed or moved) should be removed, so that it cannot silently hide a future finding on that line.',
  defaultSeverity: 'info',
  tags: ['maintainability'],
  precision: 'high',
  reads: [],
  fixes: [],
  suppressible: false,
  pricesFindings: false,
  icon: 'comment',
  editorSetting: { summary: 'ignore comments without a reason or that silence nothing' },
} as const satisfies RuleDefinition;
