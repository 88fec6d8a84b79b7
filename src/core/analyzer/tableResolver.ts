// Which table (and index) an operation targets: TableName literals, constants (also imported),
// `process.env` names wired by infrastructure code, aliases, and ORM model definitions.
import * as path from 'node:path';
import * as ts from 'typescript';
import type { IndexSchema, TableSchema } from '../schema/keySchema';
import { inFolder, unknownTableLabel, withoutExtension } from '../schema/serviceScope';
import type { Bindings } from '../syntax/bindings';
import { type Constants, HOLE, envVarName } from '../syntax/constants';
import { skipOuterExpressions } from '../syntax/nodes';
import type { DetectedOperation } from './operations';
import { RequestObject } from './requestObject';
import { readableExpression } from './readableExpression';

export interface ResolvedTable {
  /**
   * Physical name when known, else the name as code spells it (constant, env var, a short readable
   * expression); when several services' tables fit, the expression and `unknown table (A or B)`.
   */
  name: string;
  schema?: TableSchema;
  /** Names of the tables that fit equally well when the table is unknown for that reason. */
  candidates?: string[];
}

/** The tables a name may mean, narrowed to one by scope, or several when the scope cannot tell. */
type Narrowed = { schema: TableSchema } | { candidates: TableSchema[] } | undefined;

const MAX_DEPTH = 12;

export class TableResolver {
  private readonly file: string | undefined;
  private readonly resolvedRoots = new Map<string, string>();

  /** `fileName`, the analyzed file, scopes names to the services that deploy it. */
  constructor(
    private readonly tables: readonly TableSchema[],
    private readonly bindings: Bindings,
    private readonly constants: Constants,
    fileName?: string,
  ) {
    this.file = fileName !== undefined ? withoutExtension(path.resolve(fileName)) : undefined;
  }

  /** Inside a wrapper applied at a call: a parameter reads as the argument the call passes. */
  private readonly readableName = (name: ts.Identifier): ts.Expression | undefined => this.bindings.passedOf(name);

  /** The table an expression (a TableName value or a RequestItems key) names. */
  resolveExpression(expr: ts.Expression, depth = 0): ResolvedTable {
    const e = skipOuterExpressions(expr);
    const constant = this.constants.valueOf(e);
    if (typeof constant === 'string') {
      return this.result(this.narrowByName(constant), constant);
    }
    // `process.env.TABLE ?? 'shop'`: the env var wins when infrastructure wires it, else the default.
    if (
      depth < MAX_DEPTH &&
      ts.isBinaryExpression(e) &&
      (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      const left = this.resolveExpression(e.left, depth + 1);
      if (left.schema || left.candidates) return left;
      const right = this.resolveExpression(e.right, depth + 1);
      if (right.schema || right.candidates) return right;
      return typeof this.constants.valueOf(skipOuterExpressions(e.right)) === 'string' ? right : left;
    }
    const env = envVarName(e);
    if (env) return this.result(this.narrow(this.tables.filter((t) => t.envVars.includes(env))), `process.env.${env}`);
    if (depth < MAX_DEPTH && ts.isIdentifier(e)) {
      let decl = this.bindings.lookup(e);
      // A table-name constant imported from a shared module (`import { TABLE_NAME } from './db'`).
      for (let i = 0; decl?.kind === 'import' && i < MAX_DEPTH; i++) {
        const r = this.bindings.resolveImport(decl, depth);
        decl = 'decl' in r ? r.decl : undefined;
      }
      if (decl?.kind === 'variable' && decl.path.length === 0 && decl.decl.initializer) {
        const inner = this.resolveExpression(decl.decl.initializer, depth + 1);
        if (inner.schema || inner.candidates) return inner;
      }
      if (decl?.kind === 'variable' && decl.path.length === 1 && decl.decl.initializer) {
        // `const { ORDERS_TABLE } = process.env`
        const init = skipOuterExpressions(decl.decl.initializer);
        if (
          ts.isPropertyAccessExpression(init) &&
          init.name.text === 'env' &&
          ts.isIdentifier(init.expression) &&
          init.expression.text === 'process'
        ) {
          const envName = decl.path[0] as string;
          return this.result(
            this.narrow(this.tables.filter((t) => t.envVars.includes(envName))),
            `process.env.${envName}`,
          );
        }
      }
    }
    const pattern = this.constants.patternOf(e);
    if (pattern && pattern.includes(HOLE) && pattern.replaceAll(HOLE, '').length >= 3) {
      const re = new RegExp(`^${pattern.split(HOLE).map(escapeRegExp).join('.*')}$`);
      const narrowed = this.narrow(this.tables.filter((t) => re.test(t.name) || t.aliases.some((a) => re.test(a))));
      if (narrowed) return this.result(narrowed, readableExpression(e, this.readableName));
    }
    // A construct or variable named like the table (`ordersTable.tableName`, `Tables.Orders`).
    const names = identifierChain(e);
    for (const n of names) {
      const narrowed = this.narrow(this.tables.filter((t) => t.aliases.includes(n)));
      if (narrowed) return this.result(narrowed, readableExpression(e, this.readableName));
    }
    return { name: readableExpression(e, this.readableName) };
  }

  all(): readonly TableSchema[] {
    return this.tables;
  }

  /** The table a name means here: physical names first, then aliases, each narrowed by scope; undefined when unknown. */
  byName(name: string): TableSchema | undefined {
    const narrowed = this.narrowByName(name);
    return narrowed && 'schema' in narrowed ? narrowed.schema : undefined;
  }

  private narrowByName(name: string): Narrowed {
    return (
      this.narrow(this.tables.filter((t) => t.name === name)) ??
      this.narrow(this.tables.filter((t) => t.aliases.includes(name)))
    );
  }

  private result(narrowed: Narrowed, spelled: string): ResolvedTable {
    if (!narrowed) return { name: spelled };
    if ('schema' in narrowed) return { name: narrowed.schema.name, schema: narrowed.schema };
    const names = [...new Set(narrowed.candidates.map((t) => t.name))];
    // Several services define a table of this very name: the name is known, its keys are not.
    if (names.length === 1 && names[0] === spelled) return { name: spelled, candidates: names };
    return { name: unknownTableLabel(spelled, names), candidates: names };
  }

  /**
   * One table out of several with the same name or env var: the one whose service deploys this
   * file (its handler), else the one of the nearest service folder above the file, else the only
   * one defined for the whole project; several left means the table is unknown.
   */
  private narrow(candidates: TableSchema[]): Narrowed {
    if (candidates.length === 0) return undefined;
    const [first] = candidates;
    // One table copied into several services (duplicated examples): any copy says the same.
    if (first && candidates.every((t) => sameDefinition(t, first))) return { schema: first };
    const file = this.file;
    if (file === undefined) return { schema: first as TableSchema };
    const deploying = candidates.filter((t) => t.service?.handlers.some((h) => this.resolvedRoot(h) === file));
    if (deploying.length > 0) return one(deploying);
    let nearest: TableSchema[] = [];
    let depth = -1;
    for (const t of candidates) {
      if (!t.service) continue;
      const root = this.resolvedRoot(t.service.root);
      if (!inFolder(file, root)) continue;
      if (root.length > depth) {
        nearest = [t];
        depth = root.length;
      } else if (root.length === depth) {
        nearest.push(t);
      }
    }
    if (nearest.length > 0) return one(nearest);
    const projectWide = candidates.filter((t) => !t.service);
    return one(projectWide.length > 0 ? projectWide : candidates);
  }

  private resolvedRoot(p: string): string {
    let resolved = this.resolvedRoots.get(p);
    if (resolved === undefined) {
      resolved = path.resolve(p);
      this.resolvedRoots.set(p, resolved);
    }
    return resolved;
  }

  /** The table of an SDK request (`TableName`) or of the ORM model the call was made on. */
  forOperation(op: DetectedOperation): ResolvedTable | undefined {
    const tableName = op.input?.get('TableName');
    if (tableName) return this.resolveExpression(tableName);
    const r = op.receiver;
    const traced = r?.origin ? this.forOrmOrigin(r.module, r.origin, 0) : undefined;
    if (traced?.schema || op.api !== 'dynamodb-toolbox') return traced;
    // An Entity or Table known only by its declared type: the project's toolbox table, if one fits.
    return this.nearestToolboxTable() ?? traced;
  }

  private toolboxFallback: ResolvedTable | null | undefined;

  /**
   * The dynamodb-toolbox table defined nearest the analyzed file (deepest common folder), when
   * every table defined there has the same keys and indexes; undefined when they differ.
   */
  private nearestToolboxTable(): ResolvedTable | undefined {
    if (this.toolboxFallback !== undefined) return this.toolboxFallback ?? undefined;
    const toolbox = this.tables.filter((t) => t.orm?.library === 'dynamodb-toolbox');
    let nearest: TableSchema[] = [];
    let depth = -1;
    for (const t of toolbox) {
      const d = this.file !== undefined && t.source.file ? sharedDepth(this.file, path.resolve(t.source.file)) : 0;
      if (d > depth) {
        nearest = [t];
        depth = d;
      } else if (d === depth) nearest.push(t);
    }
    const [first] = nearest;
    let found: ResolvedTable | undefined;
    if (first && nearest.every((t) => sameKeys(t, first))) {
      const names = [...new Set(nearest.map((t) => t.name))];
      found = { name: names.length === 1 ? first.name : unknownTableLabel('table', names), schema: first };
    }
    this.toolboxFallback = found ?? null;
    return found;
  }

  private forOrmOrigin(module: string, origin: ts.Expression, depth: number): ResolvedTable | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (!ts.isNewExpression(origin) && !ts.isCallExpression(origin)) return undefined;
    const args = origin.arguments ?? ts.factory.createNodeArray();
    switch (module) {
      case 'electrodb': {
        const table =
          RequestObject.from(args[1], this.bindings)?.get('table') ??
          RequestObject.from(args[0], this.bindings)?.get('table');
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
          const resolved = name ? this.resolveExpression(name) : undefined;
          if (resolved?.schema || !def) return resolved;
          // A table made in code (a factory's `new Table({...})`): its definition gives the keys.
          const schema = toolboxTableSchema(def, this.constants, resolved?.name ?? 'table');
          return schema ? { name: schema.name, schema } : resolved;
        }
        if (construct.path !== 'Entity') return undefined;
        const table = def?.get('table');
        if (!table) return undefined;
        const v = this.bindings.valueOf(table);
        return v.kind === 'instance' && v.cls === 'Table' && v.origin
          ? this.forOrmOrigin(module, v.origin, depth + 1)
          : undefined;
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

/** Key attributes and indexes of a toolbox `new Table({ partitionKey, sortKey, indexes })` definition. */
function toolboxTableSchema(def: RequestObject, constants: Constants, name: string): TableSchema | undefined {
  const text = (e: ts.Expression | undefined): string | undefined => {
    const v = e ? constants.valueOf(e) : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const pk = text(def.get('partitionKey'));
  if (!pk) return undefined;
  const sk = text(def.get('sortKey'));
  const indexes: IndexSchema[] = [];
  for (const e of def.object('indexes')?.entries() ?? []) {
    const index = RequestObject.from(e.value, def.bindingsOf());
    const ipk = text(index?.get('partitionKey'));
    const isk = text(index?.get('sortKey'));
    indexes.push({
      name: e.name,
      kind: ipk ? 'GSI' : 'LSI',
      partitionKey: { name: ipk ?? pk },
      ...(isk ? { sortKey: { name: isk } } : {}),
    });
  }
  return {
    name,
    aliases: [],
    envVars: [],
    partitionKey: { name: pk },
    ...(sk ? { sortKey: { name: sk } } : {}),
    indexes,
    source: { kind: 'code' },
    orm: { library: 'dynamodb-toolbox' },
  };
}

/** Same keys and indexes, whatever the name. */
function sameKeys(a: TableSchema, b: TableSchema): boolean {
  if (keysText(a) !== keysText(b) || a.indexes.length !== b.indexes.length) return false;
  return a.indexes.every((i, n) => {
    const other = b.indexes[n];
    return other !== undefined && i.name === other.name && keysText(i) === keysText(other);
  });
}

/** Number of leading path segments two absolute paths share. */
function sharedDepth(a: string, b: string): number {
  const x = path.dirname(a).split(path.sep);
  const y = path.dirname(b).split(path.sep);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

function keysText(t: TableSchema | IndexSchema): string {
  return `${t.partitionKey.name}/${t.sortKey?.name ?? ''}`;
}

/** Same name, keys and indexes: which copy a name resolves to changes nothing. */
function sameDefinition(a: TableSchema, b: TableSchema): boolean {
  if (a === b) return true;
  if (a.name !== b.name || keysText(a) !== keysText(b) || a.indexes.length !== b.indexes.length) return false;
  return a.indexes.every((i, n) => {
    const other = b.indexes[n];
    return other !== undefined && i.name === other.name && keysText(i) === keysText(other);
  });
}

function one(tables: TableSchema[]): Narrowed {
  const [first] = tables;
  return tables.length === 1 && first ? { schema: first } : { candidates: tables };
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
