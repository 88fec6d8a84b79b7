// Lists table names (every ListTables page) and turns DescribeTable (plus the optional TTL and PITR
// look-ups) into the editor-free TableModel.
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  type AttributeDefinition,
  type KeySchemaElement,
  type OnDemandThroughput,
  type Projection,
  type ProvisionedThroughputDescription,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../aws/clients';
import type { KeyAttribute } from '../schema/keySchema';
import type { IndexModel, TableModel, Throughput } from './tableModel';

/** Yields every table name of the connection's region, one ListTables page at a time. */
export async function* listTableNames(conn: ConnectionOptions, signal?: AbortSignal): AsyncIterable<string> {
  const client = dynamoDbClient(conn);
  let start: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }), { abortSignal: signal });
    for (const name of page.TableNames ?? []) yield name;
    start = page.LastEvaluatedTableName;
    // Table names come back in order, so a page token seen before means the endpoint is looping.
    if (start !== undefined && seen.has(start)) {
      throw new Error(
        `ListTables at ${conn.endpoint ?? 'the region endpoint'} returned the page token "${start}" twice; stopped listing to avoid a loop`,
      );
    }
    if (start !== undefined) seen.add(start);
  } while (start);
}

export interface DescribeOptions {
  /** Also ask DescribeTimeToLive and DescribeContinuousBackups (each may fail alone without failing the describe). */
  extras?: boolean;
  signal?: AbortSignal;
}

export async function describeTable(
  conn: ConnectionOptions,
  name: string,
  options: DescribeOptions = {},
): Promise<TableModel> {
  const client = dynamoDbClient(conn);
  const { signal } = options;
  const out = await client.send(new DescribeTableCommand({ TableName: name }), { abortSignal: signal });
  if (!out.Table) throw new Error(`DescribeTable returned no description for table ${name}`);
  // The table's region prices its reads; ask the client when the connection left it to the profile.
  const region = conn.region ?? (await client.config.region().catch(() => undefined));
  const model = toTableModel(out.Table, region);
  if (options.extras) {
    // Both look-ups need their own IAM actions; a deny on one must not hide the table itself.
    const [ttl, pitr] = await Promise.allSettled([
      client.send(new DescribeTimeToLiveCommand({ TableName: name }), { abortSignal: signal }),
      client.send(new DescribeContinuousBackupsCommand({ TableName: name }), { abortSignal: signal }),
    ]);
    const ttlDesc = ttl.status === 'fulfilled' ? ttl.value.TimeToLiveDescription : undefined;
    if (ttlDesc?.TimeToLiveStatus)
      model.ttl = {
        status: ttlDesc.TimeToLiveStatus,
        ...(ttlDesc.AttributeName ? { attribute: ttlDesc.AttributeName } : {}),
      };
    const pitrStatus =
      pitr.status === 'fulfilled'
        ? pitr.value.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus
        : undefined;
    if (pitrStatus) model.pointInTimeRecovery = { status: pitrStatus };
  }
  return model;
}

function keyAttribute(
  element: KeySchemaElement | undefined,
  definitions: readonly AttributeDefinition[],
): KeyAttribute | undefined {
  if (!element?.AttributeName) return undefined;
  const type = definitions.find((d) => d.AttributeName === element.AttributeName)?.AttributeType;
  return { name: element.AttributeName, ...(type === 'S' || type === 'N' || type === 'B' ? { type } : {}) };
}

function keysOf(
  schema: readonly KeySchemaElement[] | undefined,
  definitions: readonly AttributeDefinition[],
): { partitionKey: KeyAttribute; sortKey?: KeyAttribute } {
  const partitionKey = keyAttribute(
    schema?.find((k) => k.KeyType === 'HASH'),
    definitions,
  ) ?? { name: '' };
  const sortKey = keyAttribute(
    schema?.find((k) => k.KeyType === 'RANGE'),
    definitions,
  );
  return sortKey ? { partitionKey, sortKey } : { partitionKey };
}

/** On-demand tables report 0/0 provisioned throughput: that is "not provisioned", not "zero capacity". */
function provisionedOf(pt: ProvisionedThroughputDescription | undefined): Throughput | undefined {
  const read = pt?.ReadCapacityUnits ?? 0;
  const write = pt?.WriteCapacityUnits ?? 0;
  return read > 0 || write > 0 ? { read, write } : undefined;
}

/** -1 (or absent) means no on-demand maximum. */
function onDemandMaxOf(od: OnDemandThroughput | undefined): Partial<Throughput> | undefined {
  const max: Partial<Throughput> = {};
  if (od?.MaxReadRequestUnits !== undefined && od.MaxReadRequestUnits > 0) max.read = od.MaxReadRequestUnits;
  if (od?.MaxWriteRequestUnits !== undefined && od.MaxWriteRequestUnits > 0) max.write = od.MaxWriteRequestUnits;
  return max.read !== undefined || max.write !== undefined ? max : undefined;
}

function projectionOf(p: Projection | undefined): IndexModel['projection'] {
  const type = p?.ProjectionType === 'KEYS_ONLY' || p?.ProjectionType === 'INCLUDE' ? p.ProjectionType : 'ALL';
  return type === 'INCLUDE' ? { type, nonKeyAttributes: [...(p?.NonKeyAttributes ?? [])] } : { type };
}

/** Pure mapping from the SDK's TableDescription; exported for unit tests of the edge cases. */
export function toTableModel(t: TableDescription, region?: string): TableModel {
  const defs = t.AttributeDefinitions ?? [];
  const billingMode = t.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  const indexes: IndexModel[] = [];
  for (const g of t.GlobalSecondaryIndexes ?? []) {
    const provisioned = provisionedOf(g.ProvisionedThroughput);
    const onDemandMax = onDemandMaxOf(g.OnDemandThroughput);
    indexes.push({
      name: g.IndexName ?? '',
      kind: 'GSI',
      ...keysOf(g.KeySchema, defs),
      projection: projectionOf(g.Projection),
      ...(g.IndexStatus ? { status: g.IndexStatus } : {}),
      ...(provisioned ? { provisioned } : {}),
      ...(onDemandMax ? { onDemandMax } : {}),
      ...(g.ItemCount !== undefined ? { itemCount: g.ItemCount } : {}),
      ...(g.IndexSizeBytes !== undefined ? { sizeBytes: g.IndexSizeBytes } : {}),
      ...(g.IndexArn ? { arn: g.IndexArn } : {}),
    });
  }
  for (const l of t.LocalSecondaryIndexes ?? []) {
    indexes.push({
      name: l.IndexName ?? '',
      kind: 'LSI',
      ...keysOf(l.KeySchema, defs),
      projection: projectionOf(l.Projection),
      ...(l.ItemCount !== undefined ? { itemCount: l.ItemCount } : {}),
      ...(l.IndexSizeBytes !== undefined ? { sizeBytes: l.IndexSizeBytes } : {}),
      ...(l.IndexArn ? { arn: l.IndexArn } : {}),
    });
  }
  // DescribeTable's index order is arbitrary; a stable order keeps trees, pickers and JSON diffable.
  indexes.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'GSI' ? -1 : 1));
  const provisioned = provisionedOf(t.ProvisionedThroughput);
  const onDemandMax = onDemandMaxOf(t.OnDemandThroughput);
  return {
    name: t.TableName ?? '',
    ...(t.TableArn ? { arn: t.TableArn } : {}),
    status: t.TableStatus ?? 'UNKNOWN',
    billingMode,
    ...keysOf(t.KeySchema, defs),
    ...(provisioned ? { provisioned } : {}),
    ...(onDemandMax ? { onDemandMax } : {}),
    ...(t.ItemCount !== undefined ? { itemCount: t.ItemCount } : {}),
    ...(t.TableSizeBytes !== undefined ? { sizeBytes: t.TableSizeBytes } : {}),
    tableClass:
      t.TableClassSummary?.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'STANDARD_INFREQUENT_ACCESS' : 'STANDARD',
    ...(t.StreamSpecification
      ? {
          stream: {
            enabled: Boolean(t.StreamSpecification.StreamEnabled),
            ...(t.StreamSpecification.StreamViewType ? { viewType: t.StreamSpecification.StreamViewType } : {}),
          },
        }
      : {}),
    ...(t.DeletionProtectionEnabled !== undefined ? { deletionProtection: t.DeletionProtectionEnabled } : {}),
    indexes,
    ...(t.CreationDateTime ? { createdAt: t.CreationDateTime.toISOString() } : {}),
    ...(region ? { region } : {}),
  };
}
