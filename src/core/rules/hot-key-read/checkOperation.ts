// Rule `hot-key-read` on language-neutral operations (the Python front-end's): a GetItem, made on every
// call of a function, whose whole primary key is constant, so every call reads the same item.
import type { Confidence } from '../../analyzer/finding';
import type { Operation, ValueProvenance } from '../../operations/model';
import { hotKeyReadMessage, wholeKeyNames } from './wholeKey';
import type { OperationRuleContext } from '../operationContext';

/** ORM reads name keys by the model's attributes, and PynamoDB's `get` has no Key object to read; an AppSync resolver's `key` is one. */
const KEYED_APIS = new Set<Operation['api']>(['boto3-resource', 'boto3-client', 'appsync', 'unresolved']);

export function checkHotKeyReadOperation(op: Operation, ctx: OperationRuleContext): void {
  if (op.kind !== 'get' || !op.perCall || !KEYED_APIS.has(op.api) || op.keyValues.length === 0) return;
  // A schema inferred from the file's Queries knows the partition key only: the Key object says what the whole key is.
  const schema = ctx.table?.inferred ? undefined : ctx.table?.schema;
  const value = (attr: string): ValueProvenance | undefined => op.keyValues.find((k) => k.attribute === attr)?.value;
  const names = wholeKeyNames(
    schema,
    op.keyValues.map((k) => k.attribute),
  );
  const constants: Array<Extract<ValueProvenance, { kind: 'constant' }>> = [];
  for (const name of names) {
    const v = value(name);
    if (v?.kind !== 'constant') return;
    constants.push(v);
  }
  const [pk] = constants;
  const pkName = names[0];
  if (!pk || pkName === undefined) return;
  const confidence: Confidence = !op.bound ? 'low' : schema ? 'high' : 'medium';
  ctx.report('hot-key-read', pk.range, {
    confidence,
    message: hotKeyReadMessage(
      ctx.table?.name,
      names,
      constants.map((c) => c.value),
      schema !== undefined,
    ),
    ...(ctx.table ? { table: ctx.table.name } : {}),
    related: ctx.related,
    data: { operation: op.operation, api: op.api, keyAttribute: pkName, keyValue: pk.value },
  });
}
