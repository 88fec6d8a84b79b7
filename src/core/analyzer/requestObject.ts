// A DynamoDB request written as object literals: follows `const params = {...}` and `...spread`
// so rules can ask for `TableName`, `Item`, `Key` without caring how the object was assembled.
import * as ts from 'typescript';
import { type Bindings, propertyName, skipOuterExpressions } from './bindings';

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
  ) {}

  /**
   * Resolves an argument to the object literals that build it; `undefined` if it is not one. `place`
   * is where the argument enters the request's file, when the argument itself lies in another file.
   */
  static from(expr: ts.Expression | undefined, bindings: Bindings, place?: ts.Node): RequestObject | undefined {
    if (!expr) return undefined;
    const literals: ts.ObjectLiteralExpression[] = [];
    const places = new Map<ts.ObjectLiteralExpression, ts.Node>();
    const at = place ?? expr;
    collect(expr, bindings, { out: literals, places, file: at.getSourceFile() }, at, 0);
    return literals.length > 0 ? new RequestObject(literals, bindings, places) : undefined;
  }

  /**
   * Where to report a value of this request: the value itself when it is written in the request's
   * file, else the name or spread in that file that brings the object holding it (an imported key).
   */
  placeOf(value: ts.Node): ts.Node {
    const file = value.getSourceFile();
    for (const [literal, place] of this.places) {
      if (place.getSourceFile() === file) continue;
      if (literal.getSourceFile() === file && literal.pos <= value.pos && value.end <= literal.end) return place;
    }
    return value;
  }

  /** The expression of the last assignment of `name` (shorthand `{ TableName }` yields its identifier). */
  get(name: string): ts.Expression | undefined {
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
    return value ? RequestObject.from(value, this.bindings, this.placeOf(value)) : undefined;
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
        if (ts.isPropertyAssignment(p) && ts.isComputedPropertyName(p.name)) out.push({ key: p.name.expression, value: p.initializer });
      }
    }
    return out;
  }

  looksLikeDynamoRequest(): boolean {
    return this.entries().some((e) => DYNAMO_REQUEST_KEYS.has(e.name));
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
  const here = e.getSourceFile() === into.file ? e : place;
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) if (ts.isSpreadAssignment(p)) collect(p.expression, bindings, into, p.getSourceFile() === into.file ? p : place, depth + 1);
    into.out.push(e);
    into.places.set(e, here);
    return;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    // A named object: a local or imported `const`, a destructured or required module's member.
    if (ts.isIdentifier(e) && bindings.lookup(e)?.kind === 'parameter') return;
    const v = bindings.valueOf(e);
    if (v.kind === 'object') collect(v.node, bindings, into, here, depth + 1);
    return;
  }
  // `Object.assign({}, BASE_KEY, { sk })`: later arguments win, as later literals do here.
  if (ts.isCallExpression(e) && isObjectAssign(e.expression)) {
    for (const arg of e.arguments) collect(arg, bindings, into, arg.getSourceFile() === into.file ? arg : place, depth + 1);
    return;
  }
  // `marshall({...})` from @aws-sdk/util-dynamodb (or v2's Converter) wraps plain values.
  if (ts.isCallExpression(e) && e.arguments.length >= 1) {
    const callee = skipOuterExpressions(e.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (name === 'marshall') collect(e.arguments[0] as ts.Expression, bindings, into, here, depth + 1);
  }
}

function isObjectAssign(callee: ts.Expression): boolean {
  const c = skipOuterExpressions(callee);
  return ts.isPropertyAccessExpression(c) && c.name.text === 'assign' && ts.isIdentifier(c.expression) && c.expression.text === 'Object';
}
