// Reads CloudFormation/SAM/serverless templates (YAML with intrinsic-function tags, or JSON) into
// plain values in the long intrinsic form (`{ Ref: X }`, `{ 'Fn::GetAtt': [X, Arn] }`), keeping
// the source span of every mapping key so definitions can be located.
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
  type CollectionTag,
} from 'yaml';
import { computeLineStarts } from '../syntax/positions';

export type TemplateValue = string | number | boolean | null | TemplateValue[] | TemplateObject;
export interface TemplateObject {
  [key: string]: TemplateValue;
}

export interface Span {
  /** 0-based offset of the mapping key. */
  offset: number;
  /** 0-based offset just past the mapping value. */
  endOffset: number;
  /** 0-based offset just past the key itself. */
  keyEndOffset: number;
  /** 0-based offset of the value (the key's end when it has none). */
  valueOffset: number;
}

/** Where a sequence item lies: 0-based offset of its start and just past its end. */
export interface ItemSpan {
  offset: number;
  endOffset: number;
}

export interface TemplateDocument {
  root: TemplateValue;
  /** Span of each key of each mapping, looked up by the mapping object. */
  keySpans: WeakMap<TemplateObject, Map<string, Span>>;
  /** Span of each item of each sequence, looked up by the array. */
  itemSpans: WeakMap<TemplateValue[], ItemSpan[]>;
  lineStarts: number[];
}

/** A text that is not valid JSON or YAML: what is wrong and, when known, where (offsets are 0-based). */
export interface TemplateSyntaxError {
  ok: false;
  message: string;
  line?: number;
  offset?: number;
  endOffset?: number;
}

export type TemplateParse = { ok: true; document: TemplateDocument } | TemplateSyntaxError;

// Short forms CloudFormation accepts; `!Ref` and `!Condition` are not `Fn::` functions.
const INTRINSICS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
  'Transform',
  'ToJsonString',
  'Length',
];

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
      return {
        ok: false,
        message: `invalid JSON: ${(error as Error).message}`,
        ...jsonErrorSpan(text, (error as Error).message),
      };
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
    const line = error.linePos?.[0]?.line ?? lineOf(text, error.pos[0]);
    return {
      ok: false,
      message: `invalid ${isJson ? 'JSON' : 'YAML'}: ${firstLine(error.message)}`,
      line,
      offset: error.pos[0],
      endOffset: error.pos[1],
    };
  }
  const spans: Spans = { keySpans: new WeakMap(), itemSpans: new WeakMap() };
  const root = convert(doc.contents, doc, spans, 0);
  return { ok: true, document: { root, ...spans, lineStarts: computeLineStarts(text) } };
}

/**
 * Where JSON.parse failed. V8 names the offset only for some errors ("at position 56"), so the
 * first error of a tolerant parser locates it; the offset V8 names is the fallback.
 */
function jsonErrorSpan(text: string, message: string): Pick<TemplateSyntaxError, 'line' | 'offset' | 'endOffset'> {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const position = /position (\d+)/.exec(message);
  const offset = first?.offset ?? (position ? Number(position[1]) : undefined);
  if (offset === undefined) return {};
  return { line: lineOf(text, offset), offset, endOffset: offset + (first?.length ?? 0) };
}

type Spans = Pick<TemplateDocument, 'keySpans' | 'itemSpans'>;

function convert(node: YamlNode | null | undefined, doc: Document.Parsed, spans: Spans, depth: number): TemplateValue {
  if (!node || depth > MAX_DEPTH) return null;
  if (isAlias(node)) return convert(node.resolve(doc), doc, spans, depth + 1);
  let value: TemplateValue;
  if (isScalar(node)) {
    const v = node.value;
    value =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : v === null || v === undefined
          ? null
          : String(v);
  } else if (isSeq(node)) {
    const items: TemplateValue[] = [];
    const itemSpans: ItemSpan[] = [];
    for (const item of node.items as (YamlNode | null)[]) {
      items.push(convert(item, doc, spans, depth + 1));
      const range = item?.range;
      itemSpans.push(
        range
          ? { offset: range[0], endOffset: range[1] }
          : { offset: node.range?.[0] ?? 0, endOffset: node.range?.[0] ?? 0 },
      );
    }
    spans.itemSpans.set(items, itemSpans);
    value = items;
  } else if (isMap(node)) {
    const obj: TemplateObject = {};
    const keySpans = new Map<string, Span>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const valueNode = pair.value as YamlNode | null;
      obj[key] = convert(valueNode, doc, spans, depth + 1);
      const start = keyNode?.range?.[0] ?? 0;
      const keyEnd = keyNode?.range?.[1] ?? start;
      const end = valueNode?.range?.[1] ?? keyEnd;
      keySpans.set(key, {
        offset: start,
        endOffset: end,
        keyEndOffset: keyEnd,
        valueOffset: valueNode?.range?.[0] ?? keyEnd,
      });
    }
    spans.keySpans.set(obj, keySpans);
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

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
