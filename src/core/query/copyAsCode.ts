// "Copy as code": the exact request the query panel sent, as AWS SDK for JavaScript v3 code (the
// low-level client with typed AttributeValues, or the document client with native values) or as
// one AWS CLI call with shell-quoted JSON. Same table, index, expressions, names, values, filter,
// projection, limit, direction, consistency and ExclusiveStartKey: nothing is re-derived. Names and
// values come from endpoints and items, so each is quoted for its language and comments stay one line.
import type { AttributeValue, QueryCommandInput, ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { numberToJson } from './itemJson';

export type CodeFlavor = 'sdk-client' | 'sdk-document' | 'cli';

export const CODE_FLAVORS: readonly CodeFlavor[] = ['sdk-client', 'sdk-document', 'cli'];

/** The request as it was sent: one Query or Scan page. */
export type SentRequest =
  { operation: 'Query'; input: QueryCommandInput } | { operation: 'Scan'; input: ScanCommandInput };

/** Where it was sent; each part is written only when set, so the SDK's defaults apply otherwise. */
export interface CodeTarget {
  region?: string;
  endpoint?: string;
  profile?: string;
}

/** A value written as code rather than as a literal (a Buffer or NumberValue constructor call). */
class Code {
  constructor(readonly text: string) {}
}

type Literal =
  string | number | boolean | null | undefined | Code | Uint8Array | Literal[] | { [key: string]: Literal };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// C0 and C1 controls, DEL, and the line and paragraph separators JavaScript ends a line comment at.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text inside a one-line comment: control characters and line separators written as `\uXXXX`. */
function commentText(text: string): string {
  return text.replace(CONTROL, unicodeEscape);
}

/** A JavaScript string literal; JSON's, with U+2028/U+2029 escaped too (older parsers end a line there). */
function jsString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, unicodeEscape);
}

/**
 * A property key. `__proto__` is written computed: as `__proto__:` or `"__proto__":` an object
 * literal would set the prototype instead of defining the attribute.
 */
function jsKey(key: string): string {
  if (key === '__proto__') return '["__proto__"]';
  return IDENTIFIER.test(key) ? key : jsString(key);
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A JavaScript literal, indented like Prettier would; binary becomes `Buffer.from(base64)`. */
function jsLiteral(value: Literal, indent = ''): string {
  if (value instanceof Code) return value.text;
  if (value instanceof Uint8Array) return `Buffer.from(${jsString(base64(value))}, 'base64')`;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jsString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${jsLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  // `{ S: "ORDER#1" }`: one short scalar stays on its line, as people write AttributeValues.
  const [first] = entries;
  if (entries.length === 1 && first && (typeof first[1] !== 'object' || first[1] === null)) {
    const inline = `{ ${jsKey(first[0])}: ${jsLiteral(first[1])} }`;
    if (inline.length <= 60) return inline;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${jsKey(k)}: ${jsLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}

/** An AttributeValue as the document client's native value (its marshaller turns it back into the same one). */
function nativeValue(v: AttributeValue): Literal {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return nativeNumber(v.N);
  if (v.B !== undefined) return v.B;
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.L !== undefined) return v.L.map(nativeValue);
  if (v.M !== undefined) return nativeMap(v.M);
  if (v.SS !== undefined) return new Code(`new Set(${jsLiteral(v.SS)})`);
  if (v.NS !== undefined) return new Code(`new Set(${jsLiteral(v.NS.map(nativeNumber))})`);
  if (v.BS !== undefined) return new Code(`new Set(${jsLiteral(v.BS)})`);
  return null;
}

/** A number literal when a double carries it exactly; otherwise NumberValue keeps every digit. */
function nativeNumber(text: string): Literal {
  const n = numberToJson(text);
  return typeof n === 'number' ? n : new Code(`NumberValue.from(${jsString(text)})`);
}

function nativeMap(m: Record<string, AttributeValue>): { [key: string]: Literal } {
  const out: { [key: string]: Literal } = {};
  for (const [k, v] of Object.entries(m))
    Object.defineProperty(out, k, { value: nativeValue(v), enumerable: true, writable: true, configurable: true });
  return out;
}

const VALUE_MAPS = ['ExpressionAttributeValues', 'ExclusiveStartKey'] as const;

/** The request object in input order, with the value maps converted for the chosen SDK flavour. */
function requestLiteral(input: QueryCommandInput | ScanCommandInput, document: boolean): { [key: string]: Literal } {
  const out: { [key: string]: Literal } = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    out[k] =
      document && (VALUE_MAPS as readonly string[]).includes(k)
        ? nativeMap(v as Record<string, AttributeValue>)
        : (v as Literal);
  }
  return out;
}

function usesNumberValue(text: string): boolean {
  return text.includes('NumberValue.from(');
}

function clientConfig(target: CodeTarget): string {
  const config: { [key: string]: Literal } = {};
  if (target.region) config.region = target.region;
  if (target.endpoint) config.endpoint = target.endpoint;
  if (target.profile) config.profile = target.profile;
  return jsLiteral(config);
}

function header(request: SentRequest, flavor: string): string {
  const input = request.input;
  const what = `${request.operation} ${commentText(input.TableName ?? '')}${input.IndexName ? ` (index ${commentText(input.IndexName)})` : ''}`;
  return `${what}: the request Dynamo Guard's query panel sent, as ${flavor}.`;
}

function sdkClient(request: SentRequest, target: CodeTarget): string {
  const command = `${request.operation}Command`;
  return [
    `// ${header(request, 'AWS SDK for JavaScript v3 (client)')}`,
    `import { DynamoDBClient, ${command} } from '@aws-sdk/client-dynamodb';`,
    '',
    `const client = new DynamoDBClient(${clientConfig(target)});`,
    `const input = ${jsLiteral(requestLiteral(request.input, false))};`,
    `const output = await client.send(new ${command}(input));`,
    '// output.LastEvaluatedKey, when present, is the ExclusiveStartKey of the next page.',
    'console.log(JSON.stringify(output.Items, null, 2));',
    '',
  ].join('\n');
}

function sdkDocument(request: SentRequest, target: CodeTarget): string {
  const command = `${request.operation}Command`;
  const input = jsLiteral(requestLiteral(request.input, true));
  const imports = usesNumberValue(input)
    ? `DynamoDBDocumentClient, NumberValue, ${command}`
    : `DynamoDBDocumentClient, ${command}`;
  return [
    `// ${header(request, 'AWS SDK for JavaScript v3 (document client)')}`,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    `import { ${imports} } from '@aws-sdk/lib-dynamodb';`,
    '',
    `const client = DynamoDBDocumentClient.from(new DynamoDBClient(${clientConfig(target)}));`,
    `const input = ${input};`,
    `const output = await client.send(new ${command}(input));`,
    '// output.LastEvaluatedKey, when present, is the ExclusiveStartKey of the next page.',
    'console.log(JSON.stringify(output.Items, null, 2));',
    '',
  ].join('\n');
}

/**
 * One shell word. POSIX single quotes keep everything literal (a quote written as '\''); a value
 * with control characters is written as bash/zsh `$'…'` with escapes instead, so the copied text
 * never holds a raw line break or carriage return (in a terminal, a pasted one runs the line).
 */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  if (!new RegExp(CONTROL.source).test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  const escaped = text.replace(/[\\']/g, '\\$&').replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    // \x writes one byte: exact for ASCII. C1 controls and the separators stay as they are (UTF-8 text).
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  });
  return `$'${escaped}'`;
}

/** AttributeValue JSON as the AWS CLI reads it (binary as base64, which AWS CLI v2 expects). */
function cliJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? base64(v) : v));
}

function cli(request: SentRequest, target: CodeTarget): string {
  const input = request.input as QueryCommandInput & ScanCommandInput;
  // One group per line: the command, then each option with its (quoted) value.
  const groups: string[] = [`aws dynamodb ${request.operation === 'Query' ? 'query' : 'scan'}`];
  const opt = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) groups.push(`${flag} ${shellQuote(String(value))}`);
  };
  opt('--table-name', input.TableName);
  opt('--index-name', input.IndexName);
  opt('--key-condition-expression', input.KeyConditionExpression);
  opt('--filter-expression', input.FilterExpression);
  opt('--projection-expression', input.ProjectionExpression);
  if (input.ExpressionAttributeNames) opt('--expression-attribute-names', cliJson(input.ExpressionAttributeNames));
  if (input.ExpressionAttributeValues) opt('--expression-attribute-values', cliJson(input.ExpressionAttributeValues));
  if (input.ExclusiveStartKey) opt('--exclusive-start-key', cliJson(input.ExclusiveStartKey));
  opt('--limit', input.Limit);
  if (request.operation === 'Query' && input.ScanIndexForward !== undefined)
    groups.push(input.ScanIndexForward ? '--scan-index-forward' : '--no-scan-index-forward');
  if (input.ConsistentRead !== undefined)
    groups.push(input.ConsistentRead ? '--consistent-read' : '--no-consistent-read');
  opt('--return-consumed-capacity', input.ReturnConsumedCapacity);
  opt('--region', target.region);
  opt('--endpoint-url', target.endpoint);
  opt('--profile', target.profile);
  // One request, like the panel's: without --no-paginate the CLI would follow LastEvaluatedKey itself.
  groups.push('--no-paginate');
  return `# ${header(request, 'one AWS CLI call')}\n${groups.join(' \\\n  ')}\n`;
}

export function copyAsCode(flavor: CodeFlavor, request: SentRequest, target: CodeTarget): string {
  switch (flavor) {
    case 'sdk-client':
      return sdkClient(request, target);
    case 'sdk-document':
      return sdkDocument(request, target);
    case 'cli':
      return cli(request, target);
  }
}
