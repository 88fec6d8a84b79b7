// What the analyzer reports: one Finding per offending operation or key value, in editor-free terms.

import type { RuleId } from '../rules/registry';

export type { RuleId };
export type Severity = 'error' | 'warning' | 'info';
/** Configured severity; `off` disables the rule. */
export type SeverityOption = Severity | 'off';
/** high: bound to a DynamoDB API and key schema known; medium: one of the two inferred; low: receiver or keys guessed. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * A place in a file. Lines and columns are 1-based; `endColumn` is the column just past the last
 * character (SARIF's convention). Offsets are 0-based UTF-16 offsets into the text, end exclusive.
 */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

export interface RelatedLocation extends SourceRange {
  /** Path as given to the analyzer (absolute in the editor, relative in the CLI). */
  file: string;
  message: string;
}

/** Facts a quick fix or hover needs, so the editor never re-derives them from the message. */
export interface FindingData {
  /** Operation name as written (`ScanCommand`, `scan`, `QueryCommand`, `put`, `ExecuteStatementCommand`). */
  operation?: string;
  /** API family the call was bound to. */
  api?: 'sdk-v3-client' | 'sdk-v3-document' | 'sdk-v2' | 'electrodb' | 'dynamoose' | 'dynamodb-toolbox' | 'onetable' | 'typedorm' | 'partiql' | 'appsync' | 'unresolved';
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
  /** Identity that survives unrelated edits (rule, table, normalized line text, occurrence); see baseline.ts. */
  fingerprint?: string;
}

export interface FindingSuppression {
  kind: 'inSource';
  justification: string;
}

/** Converts a 0-based offset range of `text` into 1-based line/column (UTF-16 columns). */
export function rangeFromOffsets(lineStarts: readonly number[], offset: number, endOffset: number): SourceRange {
  const start = positionAt(lineStarts, offset);
  const end = positionAt(lineStarts, endOffset);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, offset, endOffset };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
}
