// What each rule is, for SARIF rule metadata and the text report's links: one entry per RuleId.
import type { RuleId, Severity } from '../../core/analyzer/finding';

/** Where rule pages live; SARIF `helpUri` and editor diagnostics point here. */
export const DOCS_BASE_URL = 'https://github.com/dynamo-guard/dynamo-guard/blob/main/docs/rules/';
export const INFORMATION_URI = 'https://github.com/dynamo-guard/dynamo-guard';

export interface RuleInfo {
  id: RuleId;
  /** PascalCase name, as SARIF viewers show it. */
  name: string;
  shortDescription: string;
  fullDescription: string;
  /** Plain-text help: why it costs and the fix. */
  help: string;
  defaultSeverity: Severity;
  tags: string[];
}

export const RULES: readonly RuleInfo[] = [
  {
    id: 'scan',
    name: 'DynamoDbScan',
    shortDescription: 'DynamoDB Scan reads the whole table or index',
    fullDescription: 'A Scan (ScanCommand, paginateScan, DocumentClient#scan, ORM scans, or a PartiQL SELECT that does not pin the partition key) reads every item of a table or index and filters afterwards: you pay for every item read, not for the items returned.',
    help: 'A Scan consumes read capacity for every item it reads, before FilterExpression is applied: 0.5 RCU per 4 KB with eventual consistency, so one pass over a 10 GB table costs about 1.3 million read units (about $0.16 on demand in us-east-1 at $0.125 per million; run once a minute, about $236 a day), and its latency grows with the table. Fix: query by key instead. When the filter attribute is the partition key of an existing GSI, Query that index; otherwise add a GSI keyed on the attribute you filter by. Scans that must stay (migrations, exports, small admin tools) belong in paths listed under allowScans in dynamo-guard.config.json or behind `// dynamo-guard-ignore-next-line scan -- <reason>`.',
    defaultSeverity: 'warning',
    tags: ['dynamodb', 'performance', 'cost'],
  },
  {
    id: 'single-value-partition-key',
    name: 'SingleValuePartitionKey',
    shortDescription: 'Partition key is the same value on every call',
    fullDescription: 'The partition-key value of a write or Query (on a table or a GSI) is a constant, so all of that access pattern\'s traffic lands on one partition.',
    help: 'One DynamoDB partition serves at most 1,000 write units and 3,000 read units per second, whatever the table\'s capacity or on-demand mode. When every call uses the same partition-key value, the whole access pattern shares that limit and throttles (ProvisionedThroughputExceeded / ThrottlingException) long before the table does; a GSI whose partition key is written as a constant throttles its base-table writes the same way. Fix: key the items by something with many values (user id, order id, tenant id), or spread a constant key over N shards (`ORDERS#${n}` with n random in 0..N-1 on write, N parallel Queries on read).',
    defaultSeverity: 'warning',
    tags: ['dynamodb', 'performance', 'scalability'],
  },
  {
    id: 'unused-suppression',
    name: 'UnusedSuppression',
    shortDescription: 'Ignore comment that silences nothing or lacks a reason',
    fullDescription: 'A dynamo-guard-ignore comment that names an unknown rule, has no reason after ` -- `, or has no matching finding on its target line.',
    help: 'Ignore comments need a rule and a reason: `// dynamo-guard-ignore-next-line scan -- nightly export reads all rows`. A comment without a reason does not suppress anything. A comment whose finding has gone (the code was fixed or moved) should be removed, so that it cannot silently hide a future finding on that line.',
    defaultSeverity: 'info',
    tags: ['maintainability'],
  },
  {
    id: 'analysis-error',
    name: 'AnalysisError',
    shortDescription: 'A file could not be analyzed completely',
    fullDescription: 'The analyzer gave up on this file (its time budget ran out, or it is nested too deeply to walk); findings in it are missing.',
    help: 'The file was not analyzed, so Scans or constant keys in it go unreported; like a file ESLint cannot parse, it is an error and fails `dynamo-guard check` at every --fail-on level but never. Split very long or very deeply nested code, or, for generated files, list them under the `ignore` globs of dynamo-guard.config.json.',
    defaultSeverity: 'error',
    tags: ['tool'],
  },
];

export function ruleInfo(id: RuleId): RuleInfo {
  return RULES.find((r) => r.id === id) as RuleInfo;
}

export function ruleDocsUrl(id: RuleId): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
