// Table models shared by the query panel's unit tests.
import type { TableModel } from '../../../src/core/tables/tableModel';

export const shop: TableModel = {
  name: 'shop',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  tableClass: 'STANDARD',
  region: 'us-east-1',
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  indexes: [
    {
      name: 'GSI1',
      kind: 'GSI',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'total', type: 'N' },
      projection: { type: 'ALL' },
    },
    {
      name: 'byDate',
      kind: 'LSI',
      partitionKey: { name: 'PK', type: 'S' },
      sortKey: { name: 'date', type: 'S' },
      projection: { type: 'ALL' },
    },
  ],
};

export const orders: TableModel = {
  name: 'orders',
  status: 'ACTIVE',
  billingMode: 'PROVISIONED',
  tableClass: 'STANDARD',
  partitionKey: { name: 'orderNumber', type: 'N' },
  indexes: [],
};

export const files: TableModel = {
  name: 'files',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  tableClass: 'STANDARD',
  partitionKey: { name: 'hash', type: 'B' },
  sortKey: { name: 'version', type: 'N' },
  indexes: [],
};
