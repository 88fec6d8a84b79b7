// Builds GetItem and Query inputs from typed key input: every name goes through an expression
// attribute name (reserved words work), and impossible requests are refused before any call.
import type {
  AttributeValue,
  GetItemCommandInput,
  QueryCommandInput,
  ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { KeyAttribute } from '../schema/keySchema';
import type { IndexModel, TableModel } from '../tables/tableModel';
import { conditionExpression, type Condition } from './conditionParser';
import { QueryInputError, parseKeyValue } from './keyValue';

export type SortKeyOp = '=' | '<' | '<=' | '>' | '>=' | 'begins_with' | 'between';

export interface SortKeyCondition {
  op: SortKeyOp;
  /** Raw values, typed from the key schema: two for `between`, one otherwise. */
  values: string[];
}

export interface GetItemSpec {
  table: TableModel;
  pk: string;
  sk?: string;
  consistent?: boolean;
  /** Top-level attribute names to return. */
  projection?: string[];
}

export interface QuerySpec {
  table: TableModel;
  index?: string;
  pk: string;
  sk?: SortKeyCondition;
  /** Items per page (DynamoDB's Limit: items evaluated). */
  limit?: number;
  descending?: boolean;
  consistent?: boolean;
  projection?: string[];
  /** Parsed by parseCondition; sent as FilterExpression. */
  filter?: Condition;
  /** Resume after this key (a previous page's raw LastEvaluatedKey). */
  startKey?: Record<string, AttributeValue>;
}

/**
 * DynamoDB's `Limit` (Query, Scan) is an `integer` of the API model (32-bit) with a minimum of 1:
 * a larger value is not refused with a message but fails inside the service.
 */
export const MAX_LIMIT = 2 ** 31 - 1;

/** Refuses a Limit DynamoDB cannot take, with the range in the sentence. */
export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new QueryInputError(
      `Limit must be a whole number from 1 to ${MAX_LIMIT} (DynamoDB's largest Limit), got ${limit}.`,
    );
  }
  return limit;
}

export function findIndex(table: TableModel, name: string): IndexModel {
  const index = table.indexes.find((i) => i.name === name);
  if (!index) {
    const known = table.indexes.map((i) => i.name);
    throw new QueryInputError(
      `Table ${table.name} has no index named ${name}${known.length ? ` (its indexes: ${known.join(', ')})` : ' (it has no indexes)'}.`,
    );
  }
  return index;
}

function projectionOf(projection: string[] | undefined, names: Record<string, string>): string | undefined {
  if (!projection || projection.length === 0) return undefined;
  return projection
    .map((attr, i) => {
      if (!attr) throw new QueryInputError('Projection attribute names cannot be empty.');
      names[`#p${i}`] = attr;
      return `#p${i}`;
    })
    .join(', ');
}

export function buildGetItem(spec: GetItemSpec): GetItemCommandInput {
  const { table } = spec;
  const key: Record<string, AttributeValue> = { [table.partitionKey.name]: parseKeyValue(spec.pk, table.partitionKey) };
  if (table.sortKey) {
    if (spec.sk === undefined)
      throw new QueryInputError(
        `Table ${table.name} has sort key ${table.sortKey.name}: give its value too (--sk) to get one item.`,
      );
    // defineProperty: the name comes from DescribeTable, and assigning "__proto__" would set the prototype.
    Object.defineProperty(key, table.sortKey.name, {
      value: parseKeyValue(spec.sk, table.sortKey),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else if (spec.sk !== undefined) {
    throw new QueryInputError(`Table ${table.name} has no sort key: leave out --sk.`);
  }
  const names: Record<string, string> = {};
  const projection = projectionOf(spec.projection, names);
  return {
    TableName: table.name,
    Key: key,
    ConsistentRead: spec.consistent ?? false,
    ReturnConsumedCapacity: 'INDEXES',
    ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: names } : {}),
  };
}

export interface BuiltQuery {
  input: QueryCommandInput;
  /** The key schema the query runs against (the table's or the index's). */
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  index?: IndexModel;
}

/** The index to read, refusing unknown names and consistent reads on a GSI. */
export function resolveIndex(
  table: TableModel,
  name: string | undefined,
  consistent: boolean | undefined,
): IndexModel | undefined {
  const index = name !== undefined ? findIndex(table, name) : undefined;
  if (index?.kind === 'GSI' && consistent) {
    throw new QueryInputError(
      `Index ${index.name} is a global secondary index, which only supports eventually consistent reads: leave out --consistent.`,
    );
  }
  return index;
}

export function buildQuery(spec: QuerySpec): BuiltQuery {
  const { table } = spec;
  const index = resolveIndex(table, spec.index, spec.consistent);
  const partitionKey = index ? index.partitionKey : table.partitionKey;
  const sortKey = index ? index.sortKey : table.sortKey;
  const names: Record<string, string> = { '#pk': partitionKey.name };
  const values: Record<string, AttributeValue> = { ':pk': parseKeyValue(spec.pk, partitionKey) };
  let condition = '#pk = :pk';
  if (spec.sk) {
    const { op, values: raw } = spec.sk;
    const where = index ? `index ${index.name}` : `table ${table.name}`;
    if (!sortKey)
      throw new QueryInputError(
        `${where[0]?.toUpperCase()}${where.slice(1)} has no sort key, so a sort-key condition cannot apply.`,
      );
    const expected = op === 'between' ? 2 : 1;
    if (raw.length !== expected)
      throw new QueryInputError(`Sort-key condition ${op} needs ${expected} value${expected > 1 ? 's' : ''}.`);
    if (op === 'begins_with' && sortKey.type === 'N') {
      throw new QueryInputError(
        `Sort key ${sortKey.name} is a number (N): begins_with works only on string and binary keys.`,
      );
    }
    names['#sk'] = sortKey.name;
    if (op === 'between') {
      values[':sk0'] = parseKeyValue(raw[0] as string, sortKey);
      values[':sk1'] = parseKeyValue(raw[1] as string, sortKey);
      condition += ' AND #sk BETWEEN :sk0 AND :sk1';
    } else {
      values[':sk0'] = parseKeyValue(raw[0] as string, sortKey);
      condition += op === 'begins_with' ? ' AND begins_with(#sk, :sk0)' : ` AND #sk ${op} :sk0`;
    }
  }
  const filter = spec.filter ? conditionExpression(spec.filter, names, values) : undefined;
  const projection = projectionOf(spec.projection, names);
  const input: QueryCommandInput = {
    TableName: table.name,
    ...(index ? { IndexName: index.name } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ConsistentRead: spec.consistent ?? false,
    ScanIndexForward: !spec.descending,
    ReturnConsumedCapacity: 'INDEXES',
    ...(spec.limit !== undefined ? { Limit: checkLimit(spec.limit) } : {}),
    ...(filter ? { FilterExpression: filter } : {}),
    ...(projection ? { ProjectionExpression: projection } : {}),
    ...(spec.startKey ? { ExclusiveStartKey: spec.startKey } : {}),
  };
  return { input, partitionKey, ...(sortKey ? { sortKey } : {}), ...(index ? { index } : {}) };
}

export interface ScanRequestSpec {
  table: TableModel;
  index?: string;
  limit?: number;
  consistent?: boolean;
  projection?: string[];
  filter?: Condition;
  startKey?: Record<string, AttributeValue>;
}

/** The Scan input for one page; the engine and "Copy as code" both use it, so they cannot drift apart. */
export function buildScan(spec: ScanRequestSpec): ScanCommandInput {
  resolveIndex(spec.table, spec.index, spec.consistent);
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const filter = spec.filter ? conditionExpression(spec.filter, names, values) : undefined;
  const projection = projectionOf(spec.projection, names);
  return {
    TableName: spec.table.name,
    ...(spec.index ? { IndexName: spec.index } : {}),
    ConsistentRead: spec.consistent ?? false,
    ReturnConsumedCapacity: 'INDEXES',
    ...(spec.limit !== undefined ? { Limit: checkLimit(spec.limit) } : {}),
    ...(filter ? { FilterExpression: filter } : {}),
    ...(projection ? { ProjectionExpression: projection } : {}),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    ...(spec.startKey ? { ExclusiveStartKey: spec.startKey } : {}),
  };
}
