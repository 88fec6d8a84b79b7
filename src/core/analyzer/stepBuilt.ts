// Request objects built step by step: `params.Key = {...}`, `params.ExpressionAttributeValues[':p'] = v`,
// `Object.assign(params, {...})` between a variable's declaration and its use, with the values that
// can reach the use on some path (an `if` without `else` keeps the value from before it).
import * as ts from 'typescript';
import { skipOuterExpressions } from '../syntax/nodes';

/** Not set at this path itself: the value comes from the enclosing object (in the end, the initializer). */
export const INITIAL = Symbol('initial');
/** A value the analysis cannot name (a computed key may have overwritten the path). */
export const OPAQUE = Symbol('opaque');
export type StepValue = ts.Expression | typeof INITIAL | typeof OPAQUE;

/** Path (property names joined by NUL) -> the values it may hold at the use. */
export type StepState = Map<string, StepValue[]>;

const MAX_STATEMENTS = 2000;
export const PATH_SEPARATOR = '\u0000';

/**
 * What assignments to `decl`'s variable may have set before `use` runs, or `undefined` when
 * nothing assigns to it there. Only statements of the declaring block (and the blocks leading to
 * `use`) are read; assignments inside nested functions are not followed.
 */
export function stepAssignments(decl: ts.VariableDeclaration, use: ts.Node): StepState | undefined {
  if (!ts.isIdentifier(decl.name)) return undefined;
  const list = decl.parent;
  const statement = list?.parent;
  const block = statement?.parent;
  if (
    !statement ||
    !ts.isVariableStatement(statement) ||
    !block ||
    !(ts.isBlock(block) || ts.isSourceFile(block) || ts.isModuleBlock(block))
  )
    return undefined;
  if (use.pos < statement.end || use.end > block.end) return undefined;
  const name = decl.name.text;
  // Cheap gate: the text between the declaration and the use must name the variable with a member or `assign`.
  const between = block.getSourceFile().text.slice(statement.end, use.pos);
  if (!between.includes(`${name}.`) && !between.includes(`${name}[`)) return undefined;
  const walker = new Walker(name, use);
  const state: StepState = new Map();
  const index = block.statements.indexOf(statement);
  walker.run(block.statements.slice(index + 1), state);
  return walker.assigned ? state : undefined;
}

class Walker {
  assigned = false;
  private budget = MAX_STATEMENTS;

  constructor(
    private readonly name: string,
    private readonly use: ts.Node,
  ) {}

  /** Runs statements in order until the one holding the use, which it enters. */
  run(statements: readonly ts.Statement[], state: StepState): void {
    for (const st of statements) {
      if (--this.budget < 0) return;
      if (st.pos <= this.use.pos && this.use.end <= st.end) {
        this.enter(st, state);
        return;
      }
      this.apply(st, state);
    }
  }

  private enter(st: ts.Statement, state: StepState): void {
    if (ts.isBlock(st)) this.run(st.statements, state);
    else if (ts.isIfStatement(st)) {
      const branch = this.contains(st.thenStatement)
        ? st.thenStatement
        : st.elseStatement && this.contains(st.elseStatement)
          ? st.elseStatement
          : undefined;
      if (branch) this.run([branch], state);
    } else if (ts.isTryStatement(st)) {
      if (this.contains(st.tryBlock)) this.run(st.tryBlock.statements, state);
    } else if (isLoop(st) && this.contains(st.statement)) this.run([st.statement], state);
  }

  private contains(n: ts.Node): boolean {
    return n.pos <= this.use.pos && this.use.end <= n.end;
  }

  private apply(st: ts.Statement, state: StepState): void {
    if (--this.budget < 0) return;
    if (ts.isExpressionStatement(st)) this.applyExpression(st.expression, state);
    else if (ts.isBlock(st)) for (const s of st.statements) this.apply(s, state);
    else if (ts.isIfStatement(st)) {
      const whenTrue = copy(state);
      this.apply(st.thenStatement, whenTrue);
      const whenFalse = copy(state);
      if (st.elseStatement) this.apply(st.elseStatement, whenFalse);
      replace(state, merge(whenTrue, whenFalse));
    } else if (isLoop(st)) {
      // A loop body may run zero times: its assignments join what held before.
      const body = copy(state);
      this.apply(st.statement, body);
      replace(state, merge(state, body));
    } else if (ts.isTryStatement(st)) {
      for (const s of st.tryBlock.statements) this.apply(s, state);
    }
  }

  private applyExpression(expr: ts.Expression, state: StepState): void {
    const e = skipOuterExpressions(expr);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const path = this.pathOf(e.left);
      if (path === undefined) return;
      if (path === null) return; // the variable itself is reassigned: its declaration no longer tells
      this.set(state, path, e.right);
      return;
    }
    // `Object.assign(params, { ... })` / `Object.assign(params.Key, { ... })`
    if (ts.isCallExpression(e) && isObjectAssign(e.expression) && e.arguments.length >= 2) {
      const path = this.pathOf(e.arguments[0] as ts.Expression);
      if (path === undefined || path === null) return;
      for (const source of e.arguments.slice(1)) {
        const obj = skipOuterExpressions(source);
        if (!ts.isObjectLiteralExpression(obj)) {
          this.set(state, path, OPAQUE, true);
          continue;
        }
        for (const p of obj.properties) {
          const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
          if (key === undefined) this.set(state, path, OPAQUE, true);
          else if (ts.isPropertyAssignment(p)) this.set(state, [...path, key], p.initializer);
          else if (ts.isShorthandPropertyAssignment(p)) this.set(state, [...path, key], p.name);
        }
      }
    }
  }

  /**
   * `name.a['b']` -> ['a', 'b']; `null` for the bare name; `undefined` when it is not a member of
   * this variable; a computed member gives its prefix plus OPAQUE marking.
   */
  private pathOf(target: ts.Expression): string[] | null | undefined {
    const parts: string[] = [];
    let cur = skipOuterExpressions(target);
    let computed = false;
    for (;;) {
      if (ts.isIdentifier(cur)) {
        if (cur.text !== this.name) return undefined;
        if (computed) return [...parts.reverse(), PATH_SEPARATOR];
        return parts.length === 0 ? null : parts.reverse();
      }
      if (ts.isPropertyAccessExpression(cur) && ts.isIdentifier(cur.name)) parts.push(cur.name.text);
      else if (ts.isElementAccessExpression(cur)) {
        const arg = skipOuterExpressions(cur.argumentExpression);
        if (ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg)) parts.push(arg.text);
        else {
          parts.length = 0;
          computed = true;
        }
      } else return undefined;
      cur = skipOuterExpressions(cur.expression);
    }
  }

  private set(state: StepState, path: string[], value: StepValue, prefixOnly = false): void {
    this.assigned = true;
    // A computed key (`params.Key[k] = v`) may overwrite anything below its owner.
    if (path[path.length - 1] === PATH_SEPARATOR || prefixOnly) {
      const owner = path[path.length - 1] === PATH_SEPARATOR ? path.slice(0, -1) : path;
      const prefix = owner.join(PATH_SEPARATOR);
      for (const key of [...state.keys()])
        if (prefix === '' || key.startsWith(prefix + PATH_SEPARATOR)) state.set(key, [OPAQUE]);
      state.set([...owner, '*'].join(PATH_SEPARATOR), [OPAQUE]);
      return;
    }
    const key = path.join(PATH_SEPARATOR);
    for (const k of [...state.keys()]) if (k.startsWith(key + PATH_SEPARATOR)) state.delete(k);
    state.set(key, [value]);
  }
}

function copy(state: StepState): StepState {
  return new Map([...state].map(([k, v]) => [k, [...v]]));
}

function replace(state: StepState, next: StepState): void {
  state.clear();
  for (const [k, v] of next) state.set(k, v);
}

/** Paths set on one side only keep, on the other, whatever held before (the initializer's value). */
function merge(a: StepState, b: StepState): StepState {
  const out: StepState = new Map();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const values = [...(a.get(key) ?? [INITIAL]), ...(b.get(key) ?? [INITIAL])];
    out.set(key, [...new Set(values)]);
  }
  return out;
}

function isLoop(st: ts.Statement): st is ts.IterationStatement {
  return (
    ts.isForStatement(st) ||
    ts.isForOfStatement(st) ||
    ts.isForInStatement(st) ||
    ts.isWhileStatement(st) ||
    ts.isDoStatement(st)
  );
}

function isObjectAssign(callee: ts.Expression): boolean {
  const c = skipOuterExpressions(callee);
  return (
    ts.isPropertyAccessExpression(c) &&
    c.name.text === 'assign' &&
    ts.isIdentifier(c.expression) &&
    c.expression.text === 'Object'
  );
}
