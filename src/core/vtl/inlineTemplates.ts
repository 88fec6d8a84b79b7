// Where VTL request templates are written inline in other files: a string passed to a CDK
// `MappingTemplate.fromString(...)` or given as `requestMappingTemplate`, and a CloudFormation or
// SAM resolver's `RequestMappingTemplate` (whose data source names the table).
import * as path from 'node:path';
import type { Operation, TableReference } from '../operations/model';
import { computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import { asObject, asString, parseTemplate, type TemplateObject, type TemplateValue } from '../schema/templateDocument';
import type { VtlRegion } from './detectOperations';
import { mightMatterVtl } from './vtlFiles';

export interface InlineTemplate {
  /** The file's text with escapes inside the template turned into spaces: same length, same offsets. */
  text: string;
  region: VtlRegion;
  /** The table of the resolver's data source, when the file says it. */
  table?: TableReference;
}

const SCRIPT = /\.[cm]?[jt]sx?$/i;
const TEMPLATE_FILE = /\.(?:ya?ml|json|template)$/i;

/** Every inline request template of a file (none when its kind holds none). */
export function inlineTemplates(fileName: string, text: string): InlineTemplate[] {
  if (SCRIPT.test(fileName)) return scriptTemplates(text);
  if (TEMPLATE_FILE.test(path.basename(fileName)) && text.includes('RequestMappingTemplate'))
    return resourceTemplates(fileName, text);
  return [];
}

/** Whether a script or template file may hold an inline request template (checked before reading it). */
export function mayHoldInlineTemplate(text: string): boolean {
  return /MappingTemplate/.test(text) && (mightMatterVtl(text) || text.includes('dynamoDbScanTable'));
}

// CDK's `MappingTemplate.dynamoDbScanTable()` renders a Scan request template.
const CDK_SCAN = /\bMappingTemplate\s*\.\s*(dynamoDbScanTable)\s*\(/g;

/** The Scans a CDK stack asks for with `MappingTemplate.dynamoDbScanTable()`, outside comments. */
export function cdkScanHelpers(fileName: string, text: string): Operation[] {
  if (!SCRIPT.test(fileName) || !text.includes('dynamoDbScanTable')) return [];
  const lineStarts = computeLineStarts(text);
  const out: Operation[] = [];
  for (const m of text.matchAll(CDK_SCAN)) {
    const at = m.index ?? 0;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    if (/^\s*(?:\/\/|\*|\/\*)/.test(before) || before.includes('//')) continue;
    const nameStart = at + m[0].indexOf('dynamoDbScanTable');
    const close = text.indexOf(')', at + m[0].length - 1);
    out.push({
      language: /\.[cm]?tsx?$/i.test(fileName) ? 'typescript' : 'javascript',
      operation: 'dynamoDbScanTable',
      kind: 'scan',
      api: 'appsync',
      bound: true,
      keyValues: [],
      paginated: false,
      perCall: true,
      nameRange: rangeFromOffsets(lineStarts, nameStart, nameStart + 'dynamoDbScanTable'.length),
      range: rangeFromOffsets(lineStarts, at, close === -1 ? at + m[0].length : close + 1),
    });
  }
  return out;
}

// `MappingTemplate.fromString(` or `requestMappingTemplate:`, then a string or template literal.
const SCRIPT_TEMPLATE = /(?:MappingTemplate\s*\.\s*fromString\s*\(|requestMappingTemplate\s*:)\s*(['"`])/g;

function scriptTemplates(text: string): InlineTemplate[] {
  const out: InlineTemplate[] = [];
  SCRIPT_TEMPLATE.lastIndex = 0;
  for (let m = SCRIPT_TEMPLATE.exec(text); m; m = SCRIPT_TEMPLATE.exec(text)) {
    const quote = m[1] as string;
    const open = m.index + m[0].length - 1;
    const end = literalEnd(text, open, quote);
    const region = { start: open + 1, end: end - 1 };
    out.push({ text: neutralize(text, region, quote === '`'), region });
    SCRIPT_TEMPLATE.lastIndex = end;
  }
  return out;
}

/** Just past the closing quote of the literal opened at `open`; a template literal's `${}` skipped. */
function literalEnd(text: string, open: number, quote: string): number {
  let depth = 0;
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (quote === '`' && c === '$' && text[j + 1] === '{') {
      depth++;
      j++;
    } else if (depth > 0 && c === '}') depth--;
    else if (depth === 0 && c === quote) return j + 1;
    else if (quote !== '`' && c === '\n') return j;
  }
  return text.length;
}

/**
 * The text with every escape in `region` (`\"`, `\n`) turned into a space and the escaped character,
 * and a template literal's `${...}` substitutions blanked: a value spliced in by the host language
 * is not a constant of the template.
 */
function neutralize(text: string, region: VtlRegion, substitutions: boolean): string {
  const inner = text.slice(region.start, region.end);
  let out = '';
  // An escaped quote opens or closes a string of the template: the space goes outside it.
  let inString = false;
  for (let j = 0; j < inner.length; j++) {
    const c = inner[j] as string;
    if (c === '\\' && j + 1 < inner.length) {
      const next = inner[j + 1] as string;
      if (next === '"') {
        out += inString ? '" ' : ' "';
        inString = !inString;
      } else {
        out += ' ' + (/[nrtbfv0]/.test(next) ? ' ' : next);
      }
      j++;
    } else if (substitutions && c === '$' && inner[j + 1] === '{') {
      let depth = 0;
      let k = j;
      for (; k < inner.length; k++) {
        if (inner[k] === '{') depth++;
        else if (inner[k] === '}' && --depth === 0) break;
      }
      // `"${x}"` reads as a VTL reference: not a constant, and still a value.
      out += '$' + inner.slice(j + 1, k + 1).replace(/[^\r\n]/g, 'x');
      j = k;
    } else {
      out += c;
    }
  }
  return text.slice(0, region.start) + out + text.slice(region.end);
}

const RESOLVER_TYPES = new Set(['AWS::AppSync::Resolver', 'AWS::AppSync::FunctionConfiguration']);

/** CloudFormation/SAM resolvers with an inline `RequestMappingTemplate`, and the table of their data source. */
function resourceTemplates(fileName: string, text: string): InlineTemplate[] {
  const parsed = parseTemplate(text, /\.json$/i.test(fileName));
  if (!parsed.ok) return [];
  const doc = parsed.document;
  const root = asObject(doc.root);
  const resources = asObject(root?.Resources) ?? asObject(asObject(root?.resources)?.Resources);
  if (!resources) return [];
  const out: InlineTemplate[] = [];
  for (const value of Object.values(resources)) {
    const resource = asObject(value);
    if (!resource || !RESOLVER_TYPES.has(asString(resource.Type) ?? '')) continue;
    const props = asObject(resource.Properties);
    if (!props || asString(props.RequestMappingTemplate) === undefined) continue;
    const span = doc.keySpans.get(props)?.get('RequestMappingTemplate');
    if (!span) continue;
    const region = valueRegion(text, span.valueOffset, span.endOffset);
    const table = dataSourceTable(resources, props.DataSourceName);
    out.push({ text: neutralize(text, region, false), region, ...(table ? { table } : {}) });
  }
  return out;
}

/** A scalar's content: inside the quotes of a quoted one, after the `|` or `>` header of a block. */
function valueRegion(text: string, start: number, end: number): VtlRegion {
  const c = text[start];
  if (c === '"' || c === "'") {
    const close = text.lastIndexOf(c, end - 1);
    return { start: start + 1, end: close > start ? close : end };
  }
  if (c === '|' || c === '>') {
    const nl = text.indexOf('\n', start);
    return { start: nl === -1 ? end : nl + 1, end };
  }
  return { start, end };
}

/** `DataSourceName: !GetAtt DS.Name` (or the data source's own `Name`) → its `DynamoDBConfig.TableName`. */
export function dataSourceTable(
  resources: TemplateObject,
  name: TemplateValue | undefined,
): TableReference | undefined {
  const getAtt = asObject(name)?.['Fn::GetAtt'];
  const logical = Array.isArray(getAtt)
    ? asString(getAtt[0])
    : typeof getAtt === 'string'
      ? getAtt.split('.')[0]
      : undefined;
  const literal = asString(name);
  const dsEntry = Object.entries(resources).find(
    ([id, v]) =>
      asString(asObject(v)?.Type) === 'AWS::AppSync::DataSource' &&
      (id === logical || (literal !== undefined && asString(asObject(asObject(v)?.Properties)?.Name) === literal)),
  );
  const config = asObject(asObject(asObject(dsEntry?.[1])?.Properties)?.DynamoDBConfig);
  const tableName = config?.TableName;
  if (tableName === undefined) return undefined;
  const ref = asString(asObject(tableName)?.Ref);
  if (ref !== undefined) {
    const table = asObject(asObject(resources[ref])?.Properties);
    const physical = asString(table?.TableName);
    return { text: ref, constant: physical ?? ref, names: [ref] };
  }
  const constant = asString(tableName);
  return constant !== undefined ? { text: constant, constant } : undefined;
}
