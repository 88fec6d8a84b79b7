// Table models shared by the metrics unit tests.
import type { TableModel } from '../../../src/core/tables/tableModel';

export function provisionedTable(
  name: string,
  read: number,
  write: number,
  gsis: { name: string; read: number; write: number }[] = [],
): TableModel {
  return {
    name,
    status: 'ACTIVE',
    billingMode: 'PROVISIONED',
    partitionKey: { name: 'pk', type: 'S' },
    provisioned: { read, write },
    tableClass: 'STANDARD',
    indexes: gsis.map((g) => ({
      name: g.name,
      kind: 'GSI' as const,
      partitionKey: { name: 'gpk', type: 'S' as const },
      projection: { type: 'ALL' as const },
      provisioned: { read: g.read, write: g.write },
    })),
  };
}

export function onDemandTable(name: string, max?: { read?: number; write?: number }, gsis: string[] = []): TableModel {
  return {
    name,
    status: 'ACTIVE',
    billingMode: 'PAY_PER_REQUEST',
    partitionKey: { name: 'pk', type: 'S' },
    ...(max ? { onDemandMax: max } : {}),
    tableClass: 'STANDARD',
    indexes: gsis.map((g) => ({
      name: g,
      kind: 'GSI' as const,
      partitionKey: { name: 'gpk', type: 'S' as const },
      projection: { type: 'ALL' as const },
    })),
  };
}
