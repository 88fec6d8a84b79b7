// Runs the rules on what the JavaScript/TypeScript front-end detects: each operation becomes
// language-neutral operations (neutralOperations.ts) that every rule's one check reads, with the
// table this front-end resolved; the rule with a check of its own left here reads the syntax tree.
import { parsePartiqlSelect } from './dynamoExpressions';
import type { DetectedOperation, EntityModel, OperationKind } from './operations';
import type { RuleContext } from './ruleContext';
import { neutralOperations } from './neutralOperations';
import type { ResolvedTable } from './tableResolver';
import type { Operation } from '../operations/model';
import type { OperationRuleContext } from '../rules/operationContext';
import { type OperationCheck, OPERATION_CHECKS } from '../rules/operationChecks';
import { ANALYZER_RULES, type AnalyzerRuleId } from '../rules/registry';
import { relatedLocationOf } from '../rules/tableFacts';
import { checkEntityModel, checkSingleValueKey, type KeyFacts } from '../rules/single-value-partition-key/check';

export type { KeyFacts };

interface SyntaxCheck {
  operation: (op: DetectedOperation, ctx: RuleContext) => KeyFacts;
  entityModel?: (model: EntityModel, ctx: RuleContext) => void;
}

/** Rules whose JavaScript/TypeScript findings still come from a check of the syntax tree. */
const SYNTAX_CHECKS: Partial<Record<AnalyzerRuleId, SyntaxCheck>> = {
  'single-value-partition-key': { operation: checkSingleValueKey, entityModel: checkEntityModel },
};

type Check = { neutral: OperationCheck } | { syntax: SyntaxCheck['operation'] };
const checksByKind = new Map<OperationKind, Check[]>();
const modelChecks: NonNullable<SyntaxCheck['entityModel']>[] = [];
for (const rule of ANALYZER_RULES) {
  const syntax = SYNTAX_CHECKS[rule.id];
  for (const kind of rule.reads) {
    if (kind === 'entity-model') {
      if (syntax?.entityModel) modelChecks.push(syntax.entityModel);
      continue;
    }
    const check: Check = syntax ? { syntax: syntax.operation } : { neutral: OPERATION_CHECKS[rule.id] };
    checksByKind.set(kind, [...(checksByKind.get(kind) ?? []), check]);
  }
}

/** Runs the checks of every rule that reads `op`'s kind, in registry order; returns what is known of the call site. */
export function checkOperation(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  let facts: KeyFacts = {};
  let adapted: Array<{ operation: Operation; octx: OperationRuleContext }> | undefined;
  for (const check of checksByKind.get(op.kind) ?? []) {
    if ('syntax' in check) {
      facts = { ...facts, ...check.syntax(op, ctx) };
      continue;
    }
    if (!adapted) {
      adapted = neutralOperations(op, ctx).map(({ operation, table }) => ({
        operation,
        octx: operationContext(ctx, table),
      }));
      facts = { ...facts, ...siteFacts(op.kind, adapted) };
    }
    for (const { operation, octx } of adapted) check.neutral(operation, octx);
  }
  return facts;
}

function operationContext(ctx: RuleContext, table: ResolvedTable | undefined): OperationRuleContext {
  return {
    fileName: ctx.fileName,
    tables: ctx.tables.all(),
    table,
    related: relatedLocationOf(table?.schema) ?? [],
    tableNamed: (name) => ctx.tables.byName(name),
    report: (rule, range, { related, ...f }) => {
      ctx.report({ rule, range, ...f, ...(related && related.length > 0 ? { related } : {}) });
    },
  };
}

/** What a Scan or a PartiQL SELECT tells of its call site: the table and index it reads. */
function siteFacts(
  kind: OperationKind,
  adapted: ReadonlyArray<{ operation: Operation; octx: OperationRuleContext }>,
): KeyFacts {
  const first = adapted[0];
  if (!first) return {};
  if (kind === 'scan') {
    const index = first.operation.index?.constant;
    const table = first.octx.table;
    return { ...(table ? { table: table.name } : {}), ...(index !== undefined ? { index } : {}) };
  }
  if (kind === 'partiql') {
    const select = first.operation.statements?.map((s) => parsePartiqlSelect(s.text)).find((s) => s !== undefined);
    return select?.index !== undefined ? { index: select.index } : {};
  }
  return {};
}

/** Runs the checks of every rule that reads entity models. */
export function checkModel(model: EntityModel, ctx: RuleContext): void {
  for (const check of modelChecks) check(model, ctx);
}
