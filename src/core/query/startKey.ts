// The key a query resumes from: the `lastEvaluatedKey` a previous page printed (plain JSON, or
// DynamoDB JSON) read back, checked against the key schema of the table and index it reads, and the
// same key built from the last item kept when a result stops inside a page.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { KeyAttribute } from '../schema/keySchema';
import type { TableModel } from '../tables/tableModel';
import type { JsonValue } from './itemJson';
import { QueryInputError, parseKeyValue } from './keyValue';
import { findIndex } from './requests';

/**
 * The attributes of a LastEvaluatedKey of a query on the table, or on one of its indexes: the
 * index's key, then the table's (an index's key alone does not identify an item).
 */
export function resumeKeyAttributes(table: TableModel, indexName?: string): KeyAttribute[] {
  const index = indexName !== undefined ? findIndex(table, indexName) : undefined;
  const all = [index?.partitionKey, index?.sortKey, table.partitionKey, table.sortKey].filter(
    (a): a is KeyAttribute => a !== undefined,
  );
  return all.filter((a, i) => all.findIndex((b) => b.name === a.name) === i);
}

function setProp(out: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  // defineProperty: attribute names come from the user or the table, and "__proto__" must stay data.
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

const TYPED = /^(S|N|B)$/;

/** One key value in either encoding the CLI prints: plain (`"x"`, `1`, `{"$binary": …}`) or DynamoDB JSON (`{"S": "x"}`). */
function keyValueOf(value: JsonValue | undefined, attr: KeyAttribute, what: string): AttributeValue {
  try {
    return typedKeyValue(value, attr, what);
  } catch (err) {
    // parseKeyValue speaks of a "Key attribute"; here it is one of the start key.
    if (err instanceof QueryInputError) throw new QueryInputError(err.message.replace(/^Key attribute/, what));
    throw err;
  }
}

function typedKeyValue(value: JsonValue | undefined, attr: KeyAttribute, what: string): AttributeValue {
  const type = attr.type ?? 'S';
  const wrong = () =>
    new QueryInputError(
      `${what} ${attr.name} must be a ${type === 'S' ? 'string' : type === 'N' ? 'number' : 'binary ({"$binary": "<base64>"})'} value (its key type is ${type}), got ${JSON.stringify(value)}.`,
    );
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$binary' && type === 'B' && typeof value.$binary === 'string')
      return parseKeyValue(value.$binary, attr);
    if (keys.length === 1 && TYPED.test(keys[0] as string)) {
      const given = keys[0] as 'S' | 'N' | 'B';
      const inner = value[given];
      if (given !== type)
        throw new QueryInputError(`${what} ${attr.name} is typed ${given}, but its key type is ${type}.`);
      if (typeof inner !== 'string') throw wrong();
      return parseKeyValue(inner, attr);
    }
    throw wrong();
  }
  if (type === 'S' && typeof value === 'string') return parseKeyValue(value, attr);
  if (type === 'N' && (typeof value === 'number' || typeof value === 'string'))
    return parseKeyValue(String(value), attr);
  throw wrong();
}

/**
 * `--exclusive-start-key`: the JSON object a query printed as `lastEvaluatedKey`, which must hold exactly
 * the key attributes of the table (and index) the query reads, each of its key type.
 */
export function startKeyFrom(json: JsonValue, table: TableModel, indexName?: string): Record<string, AttributeValue> {
  const attrs = resumeKeyAttributes(table, indexName);
  const where = indexName !== undefined ? `index ${indexName} of table ${table.name}` : `table ${table.name}`;
  const names = attrs.map((a) => a.name).join(', ');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new QueryInputError(
      `The start key must be a JSON object of ${names}, the lastEvaluatedKey a query on ${where} printed.`,
    );
  }
  const missing = attrs.filter((a) => !Object.hasOwn(json, a.name)).map((a) => a.name);
  if (missing.length > 0)
    throw new QueryInputError(
      `The start key lacks ${missing.join(', ')}: a query on ${where} resumes from a key of ${names} (the lastEvaluatedKey it printed).`,
    );
  const extra = Object.keys(json).filter((k) => !attrs.some((a) => a.name === k));
  if (extra.length > 0)
    throw new QueryInputError(
      `The start key holds ${extra.join(', ')}, which ${extra.length === 1 ? 'is not a key attribute' : 'are not key attributes'} of ${where}: give only ${names}.`,
    );
  const key: Record<string, AttributeValue> = {};
  for (const attr of attrs) setProp(key, attr.name, keyValueOf(json[attr.name], attr, 'Start key attribute'));
  return key;
}

/** The LastEvaluatedKey DynamoDB would have returned had the page ended at this item (as DynamoDB sent it). */
export function keyOfItem(
  item: Record<string, AttributeValue>,
  attrs: readonly KeyAttribute[],
): Record<string, AttributeValue> {
  const key: Record<string, AttributeValue> = {};
  for (const attr of attrs) {
    const value = Object.hasOwn(item, attr.name) ? item[attr.name] : undefined;
    if (value === undefined)
      throw new QueryInputError(`An item lacks key attribute ${attr.name}, so no key to resume after it can be built.`);
    setProp(key, attr.name, value);
  }
  return key;
}
