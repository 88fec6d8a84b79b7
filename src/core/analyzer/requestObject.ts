// A DynamoDB request written as object literals: follows `const params = {...}` and `...spread`
// so rules can ask for `TableName`, `Item`, `Key` without caring how the object was assembled.
import * as ts from 'typescript';
import type { Bindings } from '../syntax/bindings';
import { Constants } from '../syntax/constants';
import { propertyName, skipOuterExpressions } from '../syntax/nodes';
import { INITIAL, OPAQUE, PATH_SEPARATOR, type StepState, type StepValue, stepAssignments } from './stepBuilt';

/** Assignments made to the request variable before its use, and this object's path inside it. */
interface Steps {
  state: StepState;
  path: readonly string[];
}

const MAX_DEPTH = 12;

/** Request keys that only DynamoDB requests carry together; used to accept unresolved receivers. */
const DYNAMO_REQUEST_KEYS = new Set([
  'TableName',
  'FilterExpression',
  'ExclusiveStartKey',
  'KeyConditionExpression',
  'KeyConditions',
  'ScanFilter',
  'ProjectionExpression',
  'IndexName',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
  'RequestItems',
  'TransactItems',
  'TransactStatements',
  'Statement',
  'Statements',
  'ReturnConsumedCapacity',
  'TotalSegments',
]);

export class RequestObject {
  private constructor(
    private readonly literals: readonly ts.ObjectLiteralExpression[],
    private readonly bindings: Bindings,
    /** Per literal, where it enters the request in the request's own file (itself, or the name or spread that brings it). */
    private readonly places: ReadonlyMap<ts.ObjectLiteralExpression, ts.Node>,
    private readonly steps: Steps | undefined,
  ) {}

  /**
   * Resolves an argument to the object literals that build it; `undefined` if it is not one. `place`
   * is where the argument enters the request's file, when the argument itself lies in another file.
   */
  static from(
    expr: ts.Expression | undefined,
    bindings: Bindings,
    place?: ts.Node,
    inherited?: Steps,
  ): RequestObject | undefined {
    if (!expr) return undefined;
    const literals: ts.ObjectLiteralExpression[] = [];
    const places = new Map<ts.ObjectLiteralExpression, ts.Node>();
    const at = place ?? expr;
    collect(expr, bindings, { out: literals, places, file: at.getSourceFile() }, at, 0);
    if (literals.length === 0) return undefined;
    const e = skipOuterExpressions(expr);
    const decl = ts.isIdentifier(e) ? bindings.lookup(e) : undefined;
    const own = decl?.kind === 'variable' && decl.path.length === 0 ? stepAssignments(decl.decl, e) : undefined;
    return new RequestObject(literals, bindings, places, own ? { state: own, path: [] } : inherited);
  }

  /**
   * Where to report a value of this request: the value itself when it is written in the request,
   * else the name or spread that brings the object holding it (an imported or module-level key).
   */
  placeOf(value: ts.Node): ts.Node {
    const file = value.getSourceFile();
    for (const [literal, place] of this.places) {
      if (place !== literal && literal.getSourceFile() === file && literal.pos <= value.pos && value.end <= literal.end)
        return place;
    }
    return value;
  }

  /**
   * The expression of the last assignment of `name` (shorthand `{ TableName }` yields its identifier).
   * When later statements assign it on some paths only, the value they agree on; when they
   * disagree, a value that is not constant, or nothing when each path sets a different constant.
   */
  get(name: string): ts.Expression | undefined {
    const stepped = this.steps ? this.steppedValues(name, this.steps) : undefined;
    if (!stepped) return this.declared(name);
    const values: (ts.Expression | undefined)[] = stepped.map((v) =>
      v === INITIAL ? this.declared(name) : v === OPAQUE ? undefined : v,
    );
    const unique = [...new Set(values)];
    if (unique.length === 1) return unique[0];
    const present = unique.filter((v): v is ts.Expression => v !== undefined);
    const constants = new Constants(this.bindings);
    const folded = present.map((v) => constants.valueOf(v));
    const varying = present.find((_, i) => folded[i] === undefined);
    if (varying) return varying;
    if (present.length === unique.length && folded.every((f) => f === folded[0])) return present[present.length - 1];
    // Some path leaves it unset or sets another constant: no single value reaches the use.
    return undefined;
  }

  private steppedValues(name: string, steps: Steps): StepValue[] | undefined {
    const key = [...steps.path, name].join(PATH_SEPARATOR);
    const wildcard = steps.state.get([...steps.path, '*'].join(PATH_SEPARATOR));
    return steps.state.get(key) ?? wildcard;
  }

  private declared(name: string): ts.Expression | undefined {
    for (let i = this.literals.length - 1; i >= 0; i--) {
      const obj = this.literals[i] as ts.ObjectLiteralExpression;
      for (let j = obj.properties.length - 1; j >= 0; j--) {
        const p = obj.properties[j] as ts.ObjectLiteralElementLike;
        if (propertyName(p) !== name) continue;
        if (ts.isPropertyAssignment(p)) return p.initializer;
        if (ts.isShorthandPropertyAssignment(p)) return p.name;
        return undefined;
      }
    }
    return undefined;
  }

  object(name: string): RequestObject | undefined {
    const value = this.get(name);
    const steps = this.steps ? { state: this.steps.state, path: [...this.steps.path, name] } : undefined;
    if (value) return RequestObject.from(value, this.bindings, this.placeOf(value), steps);
    // `params.ExpressionAttributeValues[':p'] = v` with no object declared for it yet: start from nothing.
    return steps && [...steps.state.keys()].some((k) => k.startsWith(steps.path.join(PATH_SEPARATOR) + PATH_SEPARATOR))
      ? RequestObject.empty(this.bindings, steps)
      : undefined;
  }

  private static empty(bindings: Bindings, steps: Steps): RequestObject {
    return new RequestObject([], bindings, new Map(), steps);
  }

  /** Every statically named property, in source order, last writer wins. */
  entries(): Array<{ name: string; nameNode: ts.Node; value: ts.Expression }> {
    const seen = new Map<string, { name: string; nameNode: ts.Node; value: ts.Expression }>();
    for (const obj of this.literals) {
      for (const p of obj.properties) {
        const name = propertyName(p);
        if (name === undefined) continue;
        if (ts.isPropertyAssignment(p)) seen.set(name, { name, nameNode: p.name, value: p.initializer });
        else if (ts.isShorthandPropertyAssignment(p)) seen.set(name, { name, nameNode: p.name, value: p.name });
      }
    }
    return [...seen.values()];
  }

  /** Computed keys such as `[TABLE]: [...]` in `RequestItems`, with the key expression. */
  computedEntries(): Array<{ key: ts.Expression; value: ts.Expression }> {
    const out: Array<{ key: ts.Expression; value: ts.Expression }> = [];
    for (const obj of this.literals) {
      for (const p of obj.properties) {
        if (ts.isPropertyAssignment(p) && ts.isComputedPropertyName(p.name))
          out.push({ key: p.name.expression, value: p.initializer });
      }
    }
    return out;
  }

  looksLikeDynamoRequest(): boolean {
    return this.entries().some((e) => DYNAMO_REQUEST_KEYS.has(e.name));
  }

  bindingsOf(): Bindings {
    return this.bindings;
  }

  get nodes(): readonly ts.ObjectLiteralExpression[] {
    return this.literals;
  }
}

interface Collected {
  out: ts.ObjectLiteralExpression[];
  places: Map<ts.ObjectLiteralExpression, ts.Node>;
  /** The request's own file. */
  file: ts.SourceFile;
}

function collect(expr: ts.Expression, bindings: Bindings, into: Collected, place: ts.Node, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const e = skipOuterExpressions(expr);
  // A value reaches the report as itself when written in the request's file, except a module-level
  // constant used inside a function: each use is its own finding, at the name or spread that uses it.
  const here = e.getSourceFile() === into.file && !(isModuleLevel(e) && !isModuleLevel(place)) ? e : place;
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties)
      if (ts.isSpreadAssignment(p))
        collect(p.expression, bindings, into, p.getSourceFile() === into.file ? p : place, depth + 1);
    into.out.push(e);
    into.places.set(e, here);
    return;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    // Inside a wrapper applied at a call site: the object the call passes (or a member of it).
    const passed = bindings.passedOf(e);
    if (passed) {
      collect(passed, bindings, into, place, depth + 1);
      return;
    }
    // A named object: a local or imported `const`, a destructured or required module's member.
    const decl = ts.isIdentifier(e) ? bindings.lookup(e) : undefined;
    if (decl?.kind === 'parameter') return;
    if (decl?.kind === 'variable' && decl.path.length === 0 && decl.decl.initializer) {
      collect(decl.decl.initializer, bindings, into, here, depth + 1);
      return;
    }
    const v = bindings.valueOf(e);
    if (v.kind === 'object') collect(v.node, bindings, into, here, depth + 1);
    return;
  }
  // `{ ...(params.options || {}) }`: whichever object is there.
  if (
    ts.isBinaryExpression(e) &&
    (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  ) {
    collect(e.right, bindings, into, place, depth + 1);
    collect(e.left, bindings, into, place, depth + 1);
    return;
  }
  // `Object.assign({}, BASE_KEY, { sk })`: later arguments win, as later literals do here.
  if (ts.isCallExpression(e) && isObjectAssign(e.expression)) {
    for (const arg of e.arguments)
      collect(arg, bindings, into, arg.getSourceFile() === into.file ? arg : place, depth + 1);
    return;
  }
  // `marshall({...})` from @aws-sdk/util-dynamodb (or v2's Converter) wraps plain values.
  if (ts.isCallExpression(e) && e.arguments.length >= 1) {
    const callee = skipOuterExpressions(e.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    // AppSync resolvers: `util.dynamodb.toMapValues({...})`.
    if (name === 'marshall' || name === 'toMapValues')
      collect(e.arguments[0] as ts.Expression, bindings, into, here, depth + 1);
  }
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

function isModuleLevel(n: ts.Node): boolean {
  return ts.findAncestor(n, ts.isFunctionLike) === undefined;
}
