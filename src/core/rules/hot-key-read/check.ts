// Rule `hot-key-read`, over the operations of every language front-end: reads of one constant item
// on every call. A GetItem, or an entry of a BatchGetItem or TransactGetItems, whose whole primary
// key is constant, made inside a function (code that runs per request), and whose result the code
// does not keep in a module-level or instance cache.
import type { Confidence } from '../../analyzer/finding';
import type { Operation, OperationKind, ValueProvenance } from '../../operations/model';
import { hotKeyReadMessage, wholeKeyNames } from './wholeKey';
import type { OperationRuleContext } from '../operationContext';

/** APIs whose key objects hold the table's key attributes by name (ORM keys use the model's names; PynamoDB's `get` has none). */
const KEYED_APIS = new Set<Operation['api']>([
  'sdk-v3-client',
  'sdk-v3-document',
  'sdk-v2',
  'appsync',
  'boto3-resource',
  'boto3-client',
  'unresolved',
]);
const READS = new Set<OperationKind>(['get', 'batch-get', 'transact-get']);

export function checkHotKeyRead(op: Operation, ctx: OperationRuleContext): void {
  if (!READS.has(op.kind) || !op.perCall || op.resultCached || !KEYED_APIS.has(op.api) || op.keyValues.length === 0)
    return;
  // A schema inferred from the file's Queries knows the partition key only: the Key object says what the whole key is.
  const schema = ctx.table?.inferred ? undefined : ctx.table?.schema;
  // Without a schema the key's entries are the key: a spread that was not followed may hide one.
  if (!schema && op.keyValuesPartial) return;
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
