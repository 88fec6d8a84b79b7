// Decides cheaply whether a text can matter, rejects binary input, and parses each text once with
// the TypeScript parser (error-tolerant), keyed by a content hash so unchanged texts are not re-read.
import { createHash } from 'node:crypto';
import * as ts from 'typescript';

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

export function scriptKindFromName(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Throws on text the parser cannot handle (a RangeError on deep nesting), leaving the parser usable. */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  try {
    return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFromName(fileName));
  } catch (err) {
    resetParser(fileName, text.length);
    throw err;
  }
}

/**
 * TypeScript's parser keeps module-level state that only a parse that completes clears. A parse that
 * throws leaves behind the JSDoc diagnostics of its file, and every later parse of any other file
 * then fails on them ("Debug Failure. Expected a.js === b.ts"): one deeply nested file would make
 * every file after it an analysis error. A blank text of the same name and length parses, accepts
 * those diagnostics, and clears the state.
 */
function resetParser(fileName: string, length: number): void {
  try {
    ts.createSourceFile(fileName, ' '.repeat(length), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  } catch {
    // Nothing more can be done; the next parse reports its own failure.
  }
}

/** A text edit as editors report it: `oldLength` characters at `start` became `newLength` characters. */
export interface TextChange {
  start: number;
  oldLength: number;
  newLength: number;
}

/**
 * Re-parses only the edited region. `ts.updateSourceFile` consumes the old tree, so callers must
 * drop it afterwards.
 */
export function reparseSource(previous: ts.SourceFile, text: string, change: TextChange): ts.SourceFile {
  const fileName = previous.fileName;
  try {
    return ts.updateSourceFile(previous, text, { span: { start: change.start, length: change.oldLength }, newLength: change.newLength });
  } catch (err) {
    resetParser(fileName, text.length);
    throw err;
  }
}
