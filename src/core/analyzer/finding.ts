// What the analyzer reports: one Finding per offending operation or key value, in editor-free terms.
import type { OperationApi } from '../operations/model';
import type { SourceRange } from '../syntax/positions';

import type { RuleId } from '../rules/registry';
import type { Severity } from '../rules/severity';

export type { RuleId };
export type { Severity, SeverityOption } from '../rules/severity';
/** high: bound to a DynamoDB API and key schema known; medium: one of the two inferred; low: receiver or keys guessed. */
export type Confidence = 'high' | 'medium' | 'low';

export interface RelatedLocation extends SourceRange {
  /** Path as given to the analyzer (absolute in the editor, relative in the CLI). */
  file: string;
  message: string;
}

/** Facts a quick fix or hover needs, so the editor never re-derives them from the message. */
export interface FindingData {
  /** Operation name as written (`ScanCommand`, `scan`, `QueryCommand`, `put`, `ExecuteStatementCommand`). */
  operation?: string;
  /** API family the call was bound to (JavaScript SDKs and ORMs, boto3, PynamoDB). */
  api?: OperationApi;
  /** For scans: attributes named in the FilterExpression (resolved through ExpressionAttributeNames). */
  filterAttributes?: string[];
  /** For scans: an existing GSI whose partition key is a filter attribute (the Query to use instead). */
  suggestedIndex?: string;
  /** For single-value keys: the key attribute and its constant value. */
  keyAttribute?: string;
  keyValue?: string;
  /** The index whose partition key is constant (GSI write or Query on an index). */
  index?: string;
  /** Whether the call handles LastEvaluatedKey / pagination (Scan and Query). */
  paginated?: boolean;
  /** For scans: `ConsistentRead: true` (a pass then costs twice the read units). */
  consistentRead?: boolean;
}

export interface Finding extends SourceRange {
  rule: RuleId;
  severity: Severity;
  confidence: Confidence;
  file: string;
  message: string;
  /** Table name as resolved (physical name when known, else the logical id or expression text). */
  table?: string;
  related?: RelatedLocation[];
  data?: FindingData;
  /** Set when an ignore comment silences the finding; kept so SARIF can report it as suppressed. */
  suppression?: FindingSuppression;
  /**
   * The config key (`allowScans`, `allowSingleValueKeys`, `allowConstantKeys`) whose paths hold the
   * file and lowered the finding's severity: the project expects such findings there.
   */
  allowedBy?: string;
  /** Identity that survives unrelated edits (rule, table, normalized line text, occurrence); see baseline.ts. */
  fingerprint?: string;
}

export interface FindingSuppression {
  kind: 'inSource';
  justification: string;
}
