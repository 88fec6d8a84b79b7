// The pure TableDescription -> TableModel mapping on shapes DynamoDB Local cannot produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTableModel } from '../../../src/core/tables/describe';

const keys = {
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
};

test('treats a missing BillingModeSummary as PROVISIONED', () => {
  const model = toTableModel({
    TableName: 't',
    TableStatus: 'ACTIVE',
    ...keys,
    ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 1 },
  });
  assert.equal(model.billingMode, 'PROVISIONED');
  assert.deepEqual(model.provisioned, { read: 3, write: 1 });
});

test('drops an on-demand maximum of -1 and keeps a real one per direction', () => {
  const unlimited = toTableModel({
    TableName: 't',
    ...keys,
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    OnDemandThroughput: { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 },
  });
  assert.equal(unlimited.onDemandMax, undefined);
  const capped = toTableModel({
    TableName: 't',
    ...keys,
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    OnDemandThroughput: { MaxReadRequestUnits: 200, MaxWriteRequestUnits: -1 },
  });
  assert.deepEqual(capped.onDemandMax, { read: 200 });
});

test('reads Standard-IA table class, stream, deletion protection and GSI capacity', () => {
  const model = toTableModel(
    {
      TableName: 't',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'B' },
      ],
      KeySchema: keys.KeySchema,
      TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      DeletionProtectionEnabled: true,
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byG',
          KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 4 },
          IndexStatus: 'ACTIVE',
        },
      ],
    },
    'eu-west-1',
  );
  assert.equal(model.tableClass, 'STANDARD_INFREQUENT_ACCESS');
  assert.deepEqual(model.stream, { enabled: true, viewType: 'NEW_IMAGE' });
  assert.equal(model.deletionProtection, true);
  assert.equal(model.provisioned, undefined);
  assert.equal(model.region, 'eu-west-1');
  assert.deepEqual(model.indexes, [
    {
      name: 'byG',
      kind: 'GSI',
      partitionKey: { name: 'g', type: 'B' },
      projection: { type: 'ALL' },
      status: 'ACTIVE',
      provisioned: { read: 2, write: 4 },
    },
  ]);
});
