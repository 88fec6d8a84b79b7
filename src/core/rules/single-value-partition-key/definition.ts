// Rule `single-value-partition-key`: writes and queries whose partition-key value is the same on
// every call. Its check is check.ts.
import { ONE_OFF_CODE_PATHS } from '../oneOffCodePaths';
import type { RuleDefinition } from '../ruleDefinition';

export const singleValuePartitionKeyRule = {
  id: 'single-value-partition-key',
  name: 'SingleValuePartitionKey',
  title: 'Single-value key',
  shortDescription: 'Partition key is the same value on every call',
  fullDescription:
    "The partition-key value of a write or Query (on a table or a GSI) is a constant, so all of that access pattern's traffic lands on one partition.",
  help: "One DynamoDB partition serves at most 1,000 write units and 3,000 read units per second, whatever the table's capacity or on-demand mode. When every call uses the same partition-key value, the whole access pattern shares that limit and throttles (ProvisionedThroughputExceeded / ThrottlingException) long before the table does; a GSI whose partition key is written as a constant throttles its base-table writes the same way. Fix: key the items by something with many values (user id, order id, tenant id), or spread a constant key over N shards (`ORDERS#${n}` with n random in 0..N-1 on write, N parallel Queries on read).",
  defaultSeverity: 'warning',
  tags: ['dynamodb', 'performance', 'scalability'],
  precision: 'high',
  reads: [
    'query',
    'get',
    'put',
    'update',
    'delete',
    'batch-write',
    'batch-get',
    'transact-write',
    'transact-get',
    'partiql',
    'entity-model',
  ],
  fixes: ['pagination-loop', 'write-sharding'],
  suppressible: true,
  pricesFindings: true,
  icon: 'key',
  configFile: { description: 'Writes and queries whose partition-key value is the same on every call.' },
  editorSetting: { summary: 'partition keys with one value on every call' },
  allowedPaths: {
    configKey: 'allowSingleValueKeys',
    description:
      'Paths where constant partition keys are expected (seed scripts, one-off scripts, migrations, tests), reported at a reduced severity.',
    defaultPaths: ONE_OFF_CODE_PATHS,
    defaultSeverity: 'info',
  },
} as const satisfies RuleDefinition;
