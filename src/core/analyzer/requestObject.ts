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
  private constructor(private readonly literals: readonly ts.ObjectLiteralExpression[], private readonly bindings: Bindings) {}

  /** Resolves an argument to the object literals that build it; `undefined` if it is not one. */
  static from(expr: ts.Expression | undefined, bindings: Bindings): RequestObject | undefined {
    if (!expr) return undefined;
    const literals: ts.ObjectLiteralExpression[] = [];
    collect(expr, bindings, literals, 0);
    return literals.length > 0 ? new RequestObject(literals, bindings) : undefined;
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
    return RequestObject.from(this.get(name), this.bindings);
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

function collect(expr: ts.Expression, bindings: Bindings, out: ts.ObjectLiteralExpression[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const e = skipOuterExpressions(expr);
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) if (ts.isSpreadAssignment(p)) collect(p.expression, bindings, out, depth + 1);
    out.push(e);
    return;
  }
  if (ts.isIdentifier(e)) {
    const decl = bindings.lookup(e);
    if (decl?.kind === 'variable' && decl.path.length === 0 && decl.decl.initializer) collect(decl.decl.initializer, bindings, out, depth + 1);
    return;
  }
  // `marshall({...})` from @aws-sdk/util-dynamodb (or v2's Converter) wraps plain values.
  if (ts.isCallExpression(e) && e.arguments.length >= 1) {
    const callee = skipOuterExpressions(e.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (name === 'marshall') collect(e.arguments[0] as ts.Expression, bindings, out, depth + 1);
  }
}
