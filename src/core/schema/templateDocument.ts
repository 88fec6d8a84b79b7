// Reads CloudFormation/SAM/serverless templates (YAML with intrinsic-function tags, or JSON) into
// plain values in the long intrinsic form (`{ Ref: X }`, `{ 'Fn::GetAtt': [X, Arn] }`), keeping
// the source span of every mapping key so definitions can be located.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type ScalarTag, type CollectionTag } from 'yaml';
import { computeLineStarts } from '../analyzer/finding';

export type TemplateValue = string | number | boolean | null | TemplateValue[] | TemplateObject;
export interface TemplateObject {
  [key: string]: TemplateValue;
}

export interface Span {
  /** 0-based offset of the mapping key. */
  offset: number;
  /** 0-based offset just past the mapping value. */
  endOffset: number;
}

export interface TemplateDocument {
  root: TemplateValue;
  /** Span of each key of each mapping, looked up by the mapping object. */
  keySpans: WeakMap<TemplateObject, Map<string, Span>>;
  lineStarts: number[];
}

export type TemplateParse = { ok: true; document: TemplateDocument } | { ok: false; message: string; line?: number; column?: number };

// Short forms CloudFormation accepts; `!Ref` and `!Condition` are not `Fn::` functions.
const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Transform', 'ToJsonString', 'Length'];

// Identity resolvers: the tags only need to be known (no warnings); conversion reads `node.tag`.
const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value as never },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value as never },
]);

// Aliases can form cycles and templates can nest absurdly; past this depth values become null.
const MAX_DEPTH = 200;

export function parseTemplate(text: string, isJson: boolean): TemplateParse {
  if (isJson) {
    // YAML accepts things JSON does not; the strict parse decides validity, YAML gives positions.
    try {
      JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      // V8 names the offset ("at position 56"); a line is what a reader can act on.
      const position = /position (\d+)/.exec(message);
      return { ok: false, message: `invalid JSON: ${message}`, ...(position ? positionAt(text, Number(position[1])) : {}) };
    }
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    return { ok: false, message: `invalid YAML: ${(error as Error).message}` };
  }
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0] ?? positionAt(text, error.pos[0]);
    return { ok: false, message: `invalid ${isJson ? 'JSON' : 'YAML'}: ${firstLine(error.message)}`, line: at.line, column: 'col' in at ? at.col : at.column };
  }
  const keySpans = new WeakMap<TemplateObject, Map<string, Span>>();
  const root = convert(doc.contents as YamlNode | null, doc, keySpans, 0);
  return { ok: true, document: { root, keySpans, lineStarts: computeLineStarts(text) } };
}

function convert(node: YamlNode | null | undefined, doc: Document.Parsed, keySpans: TemplateDocument['keySpans'], depth: number): TemplateValue {
  if (!node || depth > MAX_DEPTH) return null;
  if (isAlias(node)) return convert(node.resolve(doc) as YamlNode | undefined, doc, keySpans, depth + 1);
  let value: TemplateValue;
  if (isScalar(node)) {
    const v = node.value;
    value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : String(v);
  } else if (isSeq(node)) {
    value = node.items.map((item) => convert(item as YamlNode, doc, keySpans, depth + 1));
  } else if (isMap(node)) {
    const obj: TemplateObject = {};
    const spans = new Map<string, Span>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const valueNode = pair.value as YamlNode | null;
      obj[key] = convert(valueNode, doc, keySpans, depth + 1);
      const start = keyNode?.range?.[0] ?? 0;
      const end = valueNode?.range?.[1] ?? keyNode?.range?.[1] ?? start;
      spans.set(key, { offset: start, endOffset: end });
    }
    keySpans.set(obj, spans);
    value = obj;
  } else {
    return null;
  }
  return node.tag?.startsWith('!') ? intrinsic(node.tag.slice(1), value) : value;
}

function intrinsic(name: string, value: TemplateValue): TemplateValue {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

export function isTemplateObject(value: TemplateValue | undefined): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: TemplateValue | undefined): TemplateObject | undefined {
  return isTemplateObject(value) ? value : undefined;
}

export function asArray(value: TemplateValue | undefined): TemplateValue[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: TemplateValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}
