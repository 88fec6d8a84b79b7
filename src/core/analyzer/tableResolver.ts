// Which table (and index) an operation targets: TableName literals, constants (also imported),
// `process.env` names wired by infrastructure code, aliases, and ORM model definitions.
import * as ts from 'typescript';
import type { TableSchema } from '../schema/keySchema';
import type { Bindings } from '../syntax/bindings';
import { type Constants, HOLE, envVarName } from '../syntax/constants';
import { skipOuterExpressions } from '../syntax/nodes';
import type { DetectedOperation } from './operations';
import { RequestObject } from './requestObject';

export interface ResolvedTable {
  /** Physical name when known, else the name as code spells it (constant, env var, expression text). */
  name: string;
  schema?: TableSchema;
}

const MAX_DEPTH = 12;

export class TableResolver {
  constructor(
    private readonly tables: readonly TableSchema[],
    private readonly bindings: Bindings,
    private readonly constants: Constants,
  ) {}

  /** The table an expression (a TableName value or a RequestItems key) names. */
  resolveExpression(expr: ts.Expression, depth = 0): ResolvedTable {
    const e = skipOuterExpressions(expr);
    const constant = this.constants.valueOf(e);
    if (typeof constant === 'string') {
      const schema = this.byName(constant);
      return schema ? { name: schema.name, schema } : { name: constant };
    }
    // `process.env.TABLE ?? 'shop'`: the env var wins when infrastructure wires it, else the default.
    if (depth < MAX_DEPTH && ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      const left = this.resolveExpression(e.left, depth + 1);
      if (left.schema) return left;
      const right = this.resolveExpression(e.right, depth + 1);
      if (right.schema) return right;
      return typeof this.constants.valueOf(skipOuterExpressions(e.right)) === 'string' ? right : left;
    }
    const env = envVarName(e);
    if (env) {
      const schema = this.tables.find((t) => t.envVars.includes(env));
      return schema ? { name: schema.name, schema } : { name: `process.env.${env}` };
    }
    if (depth < MAX_DEPTH && ts.isIdentifier(e)) {
      let decl = this.bindings.lookup(e);
      // A table-name constant imported from a shared module (`import { TABLE_NAME } from './db'`).
      for (let i = 0; decl?.kind === 'import' && i < MAX_DEPTH; i++) {
        const r = this.bindings.resolveImport(decl, depth);
        decl = 'decl' in r ? r.decl : undefined;
      }
      if (decl?.kind === 'variable' && decl.path.length === 0 && decl.decl.initializer) {
        const inner = this.resolveExpression(decl.decl.initializer, depth + 1);
        if (inner.schema) return inner;
      }
      if (decl?.kind === 'variable' && decl.path.length === 1 && decl.decl.initializer) {
        // `const { ORDERS_TABLE } = process.env`
        const init = skipOuterExpressions(decl.decl.initializer);
        if (ts.isPropertyAccessExpression(init) && init.name.text === 'env' && ts.isIdentifier(init.expression) && init.expression.text === 'process') {
          const envName = decl.path[0] as string;
          const schema = this.tables.find((t) => t.envVars.includes(envName));
          return schema ? { name: schema.name, schema } : { name: `process.env.${envName}` };
        }
      }
    }
    const pattern = this.constants.patternOf(e);
    if (pattern && pattern.includes(HOLE) && pattern.replaceAll(HOLE, '').length >= 3) {
      const re = new RegExp(`^${pattern.split(HOLE).map(escapeRegExp).join('.*')}$`);
      const schema = this.tables.find((t) => re.test(t.name) || t.aliases.some((a) => re.test(a)));
      if (schema) return { name: schema.name, schema };
    }
    // A construct or variable named like the table (`ordersTable.tableName`, `Tables.Orders`).
    const names = identifierChain(e);
    for (const n of names) {
      const schema = this.tables.find((t) => t.aliases.includes(n));
      if (schema) return { name: schema.name, schema };
    }
    return { name: e.getText().slice(0, 120) };
  }

  all(): readonly TableSchema[] {
    return this.tables;
  }

  byName(name: string): TableSchema | undefined {
    return this.tables.find((t) => t.name === name) ?? this.tables.find((t) => t.aliases.includes(name));
  }

  /** The table of an SDK request (`TableName`) or of the ORM model the call was made on. */
  forOperation(op: DetectedOperation): ResolvedTable | undefined {
    const tableName = op.input?.get('TableName');
    if (tableName) return this.resolveExpression(tableName);
    const r = op.receiver;
    if (!r?.origin) return undefined;
    return this.forOrmOrigin(r.module, r.origin, 0);
  }

  private forOrmOrigin(module: string, origin: ts.Expression, depth: number): ResolvedTable | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (!ts.isNewExpression(origin) && !ts.isCallExpression(origin)) return undefined;
    const args = origin.arguments ?? ts.factory.createNodeArray();
    switch (module) {
      case 'electrodb': {
        const table = RequestObject.from(args[1], this.bindings)?.get('table') ?? RequestObject.from(args[0], this.bindings)?.get('table');
        return table ? this.resolveExpression(table) : undefined;
      }
      case 'dynamoose':
        return args[0] ? this.resolveExpression(args[0]) : undefined;
      case 'dynamodb-toolbox': {
        // v0 and v1 alike: a Table's `name` is the DynamoDB table; an Entity's `name` is only a
        // label for its items, so an Entity's table is whatever Table its `table:` points to.
        const construct = ts.isNewExpression(origin) ? this.bindings.valueOf(origin.expression) : undefined;
        if (construct?.kind !== 'export') return undefined;
        const def = RequestObject.from(args[0], this.bindings);
        if (construct.path === 'Table') {
          const name = def?.get('name');
          return name ? this.resolveExpression(name) : undefined;
        }
        if (construct.path !== 'Entity') return undefined;
        const table = def?.get('table');
        if (!table) return undefined;
        const v = this.bindings.valueOf(table);
        return v.kind === 'instance' && v.cls === 'Table' && v.origin ? this.forOrmOrigin(module, v.origin, depth + 1) : undefined;
      }
      case 'dynamodb-onetable': {
        if (ts.isCallExpression(origin) && ts.isPropertyAccessExpression(origin.expression)) {
          const v = this.bindings.valueOf(origin.expression.expression);
          return v.kind === 'instance' && v.origin ? this.forOrmOrigin(module, v.origin, depth + 1) : undefined;
        }
        const name = RequestObject.from(args[0], this.bindings)?.get('name');
        return name ? this.resolveExpression(name) : undefined;
      }
      default:
        return undefined;
    }
  }
}

function identifierChain(e: ts.Expression): string[] {
  const out: string[] = [];
  let cur: ts.Expression = e;
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (ts.isIdentifier(cur)) {
      out.push(cur.text);
      break;
    }
    if (ts.isPropertyAccessExpression(cur)) {
      out.push(cur.name.text);
      cur = cur.expression;
      continue;
    }
    break;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
