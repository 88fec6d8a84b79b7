// The PartiQL statements of an ExecuteStatement, BatchExecuteStatement or ExecuteTransaction call,
// read and matched to a known table: what the scan and single-value rules look at.
import * as ts from 'typescript';
import type { TableSchema } from '../schema/keySchema';
import { HOLE } from '../syntax/constants';
import { skipOuterExpressions } from '../syntax/nodes';
import { parsePartiqlStatement, type PartiqlStatement } from './dynamoExpressions';
import type { DetectedOperation } from './operations';
import { RequestObject } from './requestObject';
import type { RuleContext } from './ruleContext';

export interface PartiqlSite {
  /** The statement's expression in the request: where findings about it are reported. */
  node: ts.Expression;
  statement: PartiqlStatement;
  /** The known table, when the statement names one (a template's constant parts may match it). */
  schema?: TableSchema;
  /** The table's name as reported: the schema's, the statement's, or the statement's text. */
  table: string;
}

/** Every statement of the call that can be read, in order. */
export function partiqlStatements(op: DetectedOperation, ctx: RuleContext): PartiqlSite[] {
  const expressions: ts.Expression[] = [];
  const single = op.input?.get('Statement');
  if (single) expressions.push(single);
  for (const listName of ['Statements', 'TransactStatements']) {
    const list = op.input?.get(listName);
    const arr = list ? skipOuterExpressions(list) : undefined;
    if (arr && ts.isArrayLiteralExpression(arr)) {
      for (const el of arr.elements) {
        const s = RequestObject.from(el, ctx.bindings)?.get('Statement');
        if (s) expressions.push(s);
      }
    }
  }
  const out: PartiqlSite[] = [];
  for (const node of expressions) {
    const text = ctx.constants.patternOf(node);
    const statement = text ? parsePartiqlStatement(text) : undefined;
    if (!statement) continue;
    const pattern = statement.table.includes(HOLE);
    const schema = pattern ? matchPattern(ctx, statement.table) : ctx.tables.byName(statement.table);
    const table = schema?.name ?? (pattern ? node.getText().slice(0, 120) : statement.table);
    out.push({ node, statement, ...(schema ? { schema } : {}), table });
  }
  return out;
}

function matchPattern(ctx: RuleContext, pattern: string): TableSchema | undefined {
  if (pattern.replaceAll(HOLE, '').length < 3) return undefined;
  const re = new RegExp(
    `^${pattern
      .split(HOLE)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return ctx.tables.all().find((t) => re.test(t.name));
}
