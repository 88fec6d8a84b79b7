// Decides cheaply whether a text can matter, rejects binary input, and keys texts by a content hash
// so unchanged texts are not re-read.
import { createHash } from 'node:crypto';

// Case-aware tokens that every form the rules read must contain somewhere in the file: an SDK or
// ORM import (`dynamo` covers @aws-sdk/*-dynamodb, aws-sdk/clients/dynamodb, dynamoose and
// dynamodb-toolbox), a Scan spelling (`ScanCommand`, `paginateScan`, `.scan(`), or a request field.
// A file that only imports a local module re-exporting ScanCommand still says `Scan`; an ElectroDB
// model built with a locally re-exported `Entity` still says `composite:`. A bare `aws-sdk` adds
// nothing (v2 code says `DynamoDB`, a request says `TableName`) but lets every other AWS client in.
// Loose tokens such as `command`, `Item` or `.put(` let a fifth of ordinary code through for nothing;
// so do `Scan` and `scan` as bare substrings (`ScanBy`, `Scanner`, "scan the list" in a comment):
// a Scan is spelled `ScanCommand`, `paginateScan`, `'Scan'`, or called as `.scan` / `scan(`. An
// AppSync resolver that writes or queries says `operation: 'PutItem'` and may name nothing else.
const INTERESTING =
  /[Dd]ynamo|DYNAMO|electrodb|onetable|typedorm|Scan(?:Command|\b)|\.scan\b|\bscan\s*\(|TableName|ExecuteStatement|executeStatement|KeyConditionExpression|RequestItems|TransactItems|composite["']?\s*:|operation["']?\s*:\s*["'](?:Query|GetItem|PutItem|UpdateItem|DeleteItem)["']/;

/** True when the text mentions anything the rules could act on; false means it is never parsed. */
export function mightMatter(text: string): boolean {
  return INTERESTING.test(text);
}

/** NUL bytes, or a text mostly made of U+FFFD (a failed UTF-8 decode), is not source code. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.includes('\u0000')) return true;
  let replacement = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) replacement++;
  return sample.length > 0 && replacement / sample.length > 0.01;
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
