// Rule `scan`: operations that read a whole table or index. Its check is check.ts.
import { TEST_CODE_PATHS } from '../oneOffCodePaths';
import type { RuleDefinition } from '../ruleDefinition';

export const scanRule = {
  id: 'scan',
  name: 'DynamoDbScan',
  title: 'Scan',
  shortDescription: 'DynamoDB Scan reads the whole table or index',
  fullDescription:
    'A Scan (ScanCommand, paginateScan, DocumentClient#scan, ORM scans, or a PartiQL SELECT that does not pin the partition key) reads every item of a table or index and filters afterwards: you pay for every item read, not for the items returned.',
  help: 'A Scan consumes read capacity for every item it reads, before FilterExpression is applied: 0.5 RCU per 4 KB with eventual consistency, so one pass over a 10 GB table costs about 1.3 million read units (about $0.16 on demand in us-east-1 at $0.125 per million; run once a minute, about $236 a day), and its latency grows with the table. Fix: query by key instead. When the filter attribute is the partition key of an existing GSI, Query that index; otherwise add a GSI keyed on the attribute you filter by. Scans that must stay (migrations, exports, small admin tools) belong in paths listed under allowScans in dynamo-guard.config.json or behind `// dynamo-guard-ignore-next-line scan -- <reason>`.',
  defaultSeverity: 'warning',
  tags: ['dynamodb', 'performance', 'cost'],
  precision: 'very-high',
  reads: ['scan', 'partiql'],
  fixes: ['scan-to-query', 'pagination-loop'],
  suppressible: true,
  pricesFindings: true,
  icon: 'search',
  configFile: { description: 'Operations that read a whole table or index.' },
  editorSetting: { summary: 'Scans that read a whole table or index' },
  allowedPaths: {
    configKey: 'allowScans',
    description: 'Paths where scans are expected (scripts, migrations, tests), reported at a reduced severity.',
    defaultPaths: ['**/scripts/**', '**/migrations/**', ...TEST_CODE_PATHS],
    defaultSeverity: 'info',
  },
} as const satisfies RuleDefinition;
