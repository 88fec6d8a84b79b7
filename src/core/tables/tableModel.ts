// The editor-free picture of one table as DescribeTable (plus TTL/PITR look-ups) reports it.
import type { KeyAttribute } from '../schema/keySchema';

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface Throughput {
  /** Read capacity units (provisioned) or maximum read request units per second (on-demand). */
  read: number;
  write: number;
}

export interface IndexModel {
  name: string;
  kind: 'GSI' | 'LSI';
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: { type: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; nonKeyAttributes?: string[] };
  status?: string;
  /** GSIs only: their own provisioned capacity (provisioned tables). */
  provisioned?: Throughput;
  /** GSIs only: configured on-demand maximum; absent when unlimited. */
  onDemandMax?: Partial<Throughput>;
  itemCount?: number;
  sizeBytes?: number;
  arn?: string;
}

export interface TableModel {
  name: string;
  arn?: string;
  status: string;
  /** Absent BillingModeSummary means PROVISIONED (AWS-FACTS 6.1). */
  billingMode: BillingMode;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  provisioned?: Throughput;
  onDemandMax?: Partial<Throughput>;
  /** DescribeTable refreshes these about every six hours: never present them as live. */
  itemCount?: number;
  sizeBytes?: number;
  tableClass: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  stream?: { enabled: boolean; viewType?: string };
  deletionProtection?: boolean;
  indexes: IndexModel[];
  /** Filled by the lazy extra look-ups when asked for (DescribeTimeToLive, DescribeContinuousBackups). */
  ttl?: { status: string; attribute?: string };
  pointInTimeRecovery?: { status: string };
  createdAt?: string;
  /** Region the table lives in (from the connection), for pricing and console links. */
  region?: string;
}
