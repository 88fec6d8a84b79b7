// Each analyzer rule's check, keyed by rule id (a rule without one does not compile), and the
// dispatch of what the analyzer detects to the checks whose rule `reads` it.
import type { DetectedOperation, EntityModel, OperationKind } from '../analyzer/operations';
import type { RuleContext } from '../analyzer/ruleContext';
import { ANALYZER_RULES, type AnalyzerRuleId } from './registry';
import { checkHotKeyRead } from './hot-key-read/check';
import { checkScan } from './scan/check';
import { checkEntityModel, checkSingleValueKey, type KeyFacts } from './single-value-partition-key/check';

export type { KeyFacts };

export interface RuleCheck {
  /** Checks one operation of a kind the rule reads; returns what it learned of the call site. */
  operation?: (op: DetectedOperation, ctx: RuleContext) => KeyFacts;
  /** Checks an ORM entity model declared in code (the rule reads `entity-model`). */
  entityModel?: (model: EntityModel, ctx: RuleContext) => void;
}

export const RULE_CHECKS: Readonly<Record<AnalyzerRuleId, RuleCheck>> = {
  scan: { operation: checkScan },
  'single-value-partition-key': { operation: checkSingleValueKey, entityModel: checkEntityModel },
  'hot-key-read': { operation: checkHotKeyRead },
};

type OperationCheck = NonNullable<RuleCheck['operation']>;
type ModelCheck = NonNullable<RuleCheck['entityModel']>;

const operationChecks = new Map<OperationKind, OperationCheck[]>();
const modelChecks: ModelCheck[] = [];
for (const rule of ANALYZER_RULES) {
  const check = RULE_CHECKS[rule.id];
  for (const kind of rule.reads) {
    if (kind === 'entity-model') {
      if (check.entityModel) modelChecks.push(check.entityModel);
    } else if (check.operation) {
      operationChecks.set(kind, [...(operationChecks.get(kind) ?? []), check.operation]);
    }
  }
}

/** Runs the checks of every rule that reads `op`'s kind; returns what they learned of the call site. */
export function checkOperation(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  const checks = operationChecks.get(op.kind);
  if (!checks) return {};
  if (checks.length === 1) return (checks[0] as OperationCheck)(op, ctx);
  return Object.assign({}, ...checks.map((check) => check(op, ctx))) as KeyFacts;
}

/** Runs the checks of every rule that reads entity models. */
export function checkModel(model: EntityModel, ctx: RuleContext): void {
  for (const check of modelChecks) check(model, ctx);
}
