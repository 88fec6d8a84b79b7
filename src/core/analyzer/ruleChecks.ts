// Runs the rules on what the JavaScript/TypeScript front-end detects: each operation (and each
// ElectroDB entity) becomes language-neutral operations (neutralOperations.ts), each with the table
// this front-end resolved, and every rule that reads the operation's kind checks them.
import type { DetectedOperation, EntityModel } from './operations';
import type { RuleContext } from './ruleContext';
import { type AdaptedOperation, type KeyFacts, adaptOperation, entityOperation } from './neutralOperations';
import type { OperationRuleContext } from '../rules/operationContext';
import { checksReading, OPERATION_CHECKS, type OperationCheck } from '../rules/operationChecks';
import { ANALYZER_RULES } from '../rules/registry';
import { relatedLocationOf } from '../rules/tableFacts';

export type { KeyFacts };

const modelChecks: OperationCheck[] = ANALYZER_RULES.filter((r) =>
  (r.reads as readonly string[]).includes('entity-model'),
).map((r) => OPERATION_CHECKS[r.id]);

/** Runs the checks of every rule that reads `op`'s kind, in registry order; returns what is known of the call site. */
export function checkOperation(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  const checks = checksReading(op.kind);
  const { adapted, facts } = adaptOperation(op, ctx);
  run(adapted, checks, ctx);
  return facts;
}

/** Runs the checks of every rule that reads entity models. */
export function checkModel(model: EntityModel, ctx: RuleContext): void {
  const adapted = entityOperation(model, ctx);
  if (adapted) run([adapted], modelChecks, ctx);
}

function run(adapted: readonly AdaptedOperation[], checks: readonly OperationCheck[], ctx: RuleContext): void {
  if (checks.length === 0) return;
  for (const { operation, table } of adapted) {
    const octx: OperationRuleContext = {
      fileName: ctx.fileName,
      tables: ctx.tables.all(),
      table,
      related: relatedLocationOf(table?.schema) ?? [],
      tableNamed: (name) => ctx.tables.byName(name),
      report: (rule, range, { related, ...f }) => {
        ctx.report({ rule, range, ...f, ...(related && related.length > 0 ? { related } : {}) });
      },
    };
    for (const check of checks) check(operation, octx);
  }
}
