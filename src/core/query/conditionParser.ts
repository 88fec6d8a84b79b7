// Reads a DynamoDB condition as a user types it (`status = "pending" AND total > 100`) and writes the
// FilterExpression to send, with every name behind a `#n` placeholder and every value behind a `:v`
// placeholder. One hand-written tokenizer and recursive-descent parser, linear in the input's length;
// anything it cannot read is refused with the column and what was expected there.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryInputError, isDynamoDbNumber, looksNumeric } from './keyValue';

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** Attribute names and list indexes from the top of the item down: `a.b[0]` is ['a', 'b', 0]. */
export type DocumentPath = readonly (string | number)[];

export type Operand =
  | { kind: 'path'; path: DocumentPath }
  | { kind: 'size'; path: DocumentPath }
  | { kind: 'value'; value: AttributeValue };

export const ATTRIBUTE_TYPES = ['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M'] as const;
export type AttributeTypeName = (typeof ATTRIBUTE_TYPES)[number];

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'attribute_exists' | 'attribute_not_exists'; path: DocumentPath }
  | { kind: 'attribute_type'; path: DocumentPath; type: AttributeTypeName }
  | { kind: 'begins_with'; path: DocumentPath; prefix: Operand }
  | { kind: 'contains'; path: DocumentPath; operand: Operand }
  | { kind: 'not'; condition: Condition }
  | { kind: 'and' | 'or'; conditions: Condition[] };

/** DynamoDB's limit on the values of one IN. */
export const MAX_IN_VALUES = 100;
/** How deep parentheses and NOTs may nest: keeps the parser's recursion far from the stack's limit. */
export const MAX_NESTING = 100;

/** A condition that cannot be read: `column` is 1-based, counted in characters of the text as typed. */
export class ConditionSyntaxError extends QueryInputError {
  constructor(
    readonly column: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`Column ${column}: expected ${expected}, found ${found}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { kind: '(' | ')' | ',' | 'end'; at: number }
  | { kind: 'cmp'; op: Comparator; at: number }
  /** A quoted string, already unescaped. */
  | { kind: 'string'; value: string; at: number; end: number }
  /** Anything else up to a space or a delimiter; `quoted` when part of it is in backticks. */
  | { kind: 'word'; text: string; at: number; end: number; quoted: boolean };

const KEYWORDS = new Set(['and', 'or', 'not', 'between', 'in']);

function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(c);
}

/** Characters that end a bare word (quotes end one only where they open a token). */
function isDelimiter(c: string): boolean {
  return c === '(' || c === ')' || c === ',' || c === '=' || c === '<' || c === '>';
}

/** The 1-based column of an offset, counting characters (a surrogate pair is one). */
function columnOf(text: string, offset: number): number {
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff)
      column++;
  }
  return column;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Tokenizer {
  private i = 0;
  constructor(private readonly text: string) {}

  fail(at: number, expected: string, found?: string): never {
    throw new ConditionSyntaxError(columnOf(this.text, at), expected, found ?? describeAt(this.text, at));
  }

  tokens(): Token[] {
    const out: Token[] = [];
    const { text } = this;
    for (;;) {
      while (this.i < text.length && isSpace(text[this.i] as string)) this.i++;
      const at = this.i;
      const c = text[at];
      if (c === undefined) {
        out.push({ kind: 'end', at });
        return out;
      }
      if (c === '(' || c === ')' || c === ',') {
        out.push({ kind: c, at });
        this.i++;
      } else if (c === '=') {
        if (text[at + 1] === '=') this.fail(at, 'a single "=" (DynamoDB compares with =)', '"=="');
        out.push({ kind: 'cmp', op: '=', at });
        this.i++;
      } else if (c === '<') {
        const next = text[at + 1];
        const op: Comparator = next === '>' ? '<>' : next === '=' ? '<=' : '<';
        out.push({ kind: 'cmp', op, at });
        this.i += op.length;
      } else if (c === '>') {
        const op: Comparator = text[at + 1] === '=' ? '>=' : '>';
        out.push({ kind: 'cmp', op, at });
        this.i += op.length;
      } else if (c === '!' && text[at + 1] === '=') {
        this.fail(at, '<> for "not equal" (DynamoDB has no !=)', '"!="');
      } else if (c === '"' || c === "'") {
        out.push(this.string(c));
      } else {
        out.push(this.word());
      }
    }
  }

  private string(quote: string): Token {
    const { text } = this;
    const at = this.i++;
    let value = '';
    let chunk = this.i;
    for (;;) {
      const c = text[this.i];
      if (c === undefined) this.fail(at, `a closing ${quote} for the string opened here`, 'the end');
      if (c === quote) {
        value += text.slice(chunk, this.i);
        this.i++;
        return { kind: 'string', value, at, end: this.i };
      }
      if (c !== '\\') {
        this.i++;
        continue;
      }
      value += text.slice(chunk, this.i);
      const e = text[this.i + 1];
      if (e === 'u') {
        const hex = text.slice(this.i + 2, this.i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail(this.i, 'four hex digits after \\u', describeAt(text, this.i));
        value += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        value += ESCAPES[e];
        this.i += 2;
      } else {
        this.fail(this.i, 'an escape (\\" \\\' \\\\ \\n \\t \\uXXXX)', e === undefined ? 'the end' : `"\\${e}"`);
      }
      chunk = this.i;
    }
  }

  private word(): Token {
    const { text } = this;
    const at = this.i;
    let quoted = false;
    while (this.i < text.length) {
      const c = text[this.i] as string;
      if (isSpace(c) || isDelimiter(c) || (c === '!' && text[this.i + 1] === '=')) break;
      if (c === '`') {
        quoted = true;
        this.skipBackticks();
      } else {
        this.i++;
      }
    }
    return { kind: 'word', text: text.slice(at, this.i), at, end: this.i, quoted };
  }

  /** Past a backtick-quoted name; a doubled backtick inside stands for one. */
  private skipBackticks(): void {
    const open = this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail(open, 'a closing ` for the name opened here', 'the end');
      this.i++;
      if (c === '`') {
        if (this.text[this.i] !== '`') return;
        this.i++;
      }
    }
  }
}

/** `a, b or c` */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function shorten(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/** A short description of what sits at an offset, for "found …". */
function describeAt(text: string, at: number): string {
  if (at >= text.length) return 'the end';
  let end = at;
  while (end < text.length && end - at < 20 && !isSpace(text[end] as string)) end++;
  const shown = text.slice(at, Math.max(end, at + 1));
  return `"${shown}${end < text.length && end - at >= 20 ? '…' : ''}"`;
}

// ---------------------------------------------------------------------------------------------
// Parser

const FUNCTIONS = [
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
] as const;
type FunctionName = (typeof FUNCTIONS)[number];

function functionName(text: string): FunctionName | undefined {
  const lower = text.toLowerCase();
  return (FUNCTIONS as readonly string[]).includes(lower) ? (lower as FunctionName) : undefined;
}

const COMPARISON = '=, <>, <, <=, >, >=, BETWEEN or IN';

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    this.tokens = new Tokenizer(text).tokens();
  }

  parse(): Condition {
    const condition = this.or();
    const t = this.peek();
    if (t.kind !== 'end')
      this.fail(t, t.kind === ')' ? 'AND, OR or the end (this ) closes nothing)' : 'AND, OR or the end');
    return condition;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private fail(t: Token, expected: string): never {
    throw new ConditionSyntaxError(columnOf(this.text, t.at), expected, this.describe(t));
  }

  private describe(t: Token): string {
    switch (t.kind) {
      case 'end':
        return 'the end';
      case '(':
      case ')':
      case ',':
        return `"${t.kind}"`;
      case 'cmp':
        return `"${t.op}"`;
      case 'string':
        return `the string ${shorten(this.text.slice(t.at, t.end))}`;
      case 'word':
        return isKeyword(t) ? t.text.toUpperCase() : `"${shorten(t.text)}"`;
    }
  }

  private keyword(word: string): boolean {
    const t = this.peek();
    if (t.kind === 'word' && !t.quoted && t.text.toLowerCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(kind: '(' | ')' | ',', expected: string): void {
    const t = this.peek();
    if (t.kind !== kind) this.fail(t, expected);
    this.pos++;
  }

  private nest(t: Token): void {
    if (++this.depth > MAX_NESTING) this.fail(t, `at most ${MAX_NESTING} levels of parentheses and NOT`);
  }

  private or(): Condition {
    const conditions = [this.and()];
    while (this.keyword('or')) conditions.push(this.and());
    return conditions.length === 1 ? (conditions[0] as Condition) : { kind: 'or', conditions };
  }

  private and(): Condition {
    const conditions = [this.not()];
    while (this.keyword('and')) conditions.push(this.not());
    return conditions.length === 1 ? (conditions[0] as Condition) : { kind: 'and', conditions };
  }

  private not(): Condition {
    const t = this.peek();
    if (!this.keyword('not')) return this.primary();
    this.nest(t);
    const condition = this.not();
    this.depth--;
    return { kind: 'not', condition };
  }

  private primary(): Condition {
    const t = this.peek();
    if (t.kind === '(') {
      this.nest(t);
      this.pos++;
      const inner = this.or();
      this.expect(')', 'AND, OR or ")"');
      this.depth--;
      return inner;
    }
    if (t.kind === 'string')
      this.fail(t, 'an attribute name (quotes make a value: put a name that needs quoting in backticks, `like this`)');
    if (t.kind !== 'word')
      this.fail(t, 'a condition (an attribute name, a function such as attribute_exists(...), NOT or "(")');
    if (isKeyword(t)) this.fail(t, `a condition (an attribute named ${t.text} needs backticks: \`${t.text}\`)`);
    if (this.peek(1).kind === '(' && !t.quoted) return this.functionCondition(t);
    this.pos++;
    return this.comparison({ kind: 'path', path: this.path(t) }, t);
  }

  private functionCondition(t: Token & { kind: 'word' }): Condition {
    const name = functionName(t.text);
    if (!name) this.fail(t, `a function (${orList(FUNCTIONS)})`);
    this.pos += 2;
    switch (name) {
      case 'attribute_exists':
      case 'attribute_not_exists': {
        const path = this.pathArgument();
        this.expect(')', `")" after the attribute of ${name}`);
        return { kind: name, path };
      }
      case 'attribute_type': {
        const path = this.pathArgument();
        this.expect(',', '"," and a type after the attribute of attribute_type');
        const type = this.typeArgument();
        this.expect(')', '")" after the type of attribute_type');
        return { kind: 'attribute_type', path, type };
      }
      case 'begins_with': {
        const path = this.pathArgument();
        this.expect(',', '"," and a prefix after the attribute of begins_with');
        const prefix = this.value(true);
        this.expect(')', '")" after the prefix of begins_with');
        return { kind: 'begins_with', path, prefix };
      }
      case 'contains': {
        const path = this.pathArgument();
        this.expect(',', '"," and a value after the attribute of contains');
        const operand = this.value(false);
        this.expect(')', '")" after the value of contains');
        return { kind: 'contains', path, operand };
      }
      case 'size': {
        const path = this.pathArgument();
        this.expect(')', '")" after the attribute of size');
        return this.comparison({ kind: 'size', path }, t);
      }
    }
  }

  /** The rest of `left = v`, `left BETWEEN a AND b` or `left IN (a, b)`. */
  private comparison(left: Operand, leftToken: Token & { kind: 'word' }): Condition {
    const t = this.peek();
    if (t.kind === 'cmp') {
      this.pos++;
      return { kind: 'compare', op: t.op, left, right: this.value(false) };
    }
    if (this.keyword('between')) {
      const low = this.value(false);
      if (!this.keyword('and')) this.fail(this.peek(), 'AND and the upper bound of BETWEEN');
      return { kind: 'between', operand: left, low, high: this.value(false) };
    }
    if (this.keyword('in')) {
      this.expect('(', '"(" and the values of IN');
      const list: Operand[] = [];
      for (;;) {
        const item = this.peek();
        if (list.length === MAX_IN_VALUES) this.fail(item, `")": IN takes at most ${MAX_IN_VALUES} values`);
        list.push(this.value(false));
        const sep = this.peek();
        if (sep.kind === ')') break;
        if (sep.kind !== ',') this.fail(sep, '"," or ")" in the values of IN');
        this.pos++;
      }
      this.pos++;
      return { kind: 'in', operand: left, list };
    }
    const what = left.kind === 'size' ? 'size(...)' : `"${shorten(leftToken.text)}"`;
    return this.fail(t, `${COMPARISON} after ${what}`);
  }

  private pathArgument(): DocumentPath {
    const t = this.peek();
    if (t.kind !== 'word' || isKeyword(t)) this.fail(t, 'an attribute name');
    if (this.peek(1).kind === '(' && !t.quoted) this.fail(this.peek(1), 'an attribute name, not a function call');
    this.pos++;
    return this.path(t);
  }

  private typeArgument(): AttributeTypeName {
    const t = this.next();
    const raw = t.kind === 'string' ? t.value : t.kind === 'word' && !t.quoted ? t.text : undefined;
    const upper = raw?.toUpperCase();
    const type = ATTRIBUTE_TYPES.find((k) => k === upper);
    if (!type) this.fail(t, `a DynamoDB type (${orList(ATTRIBUTE_TYPES)})`);
    return type;
  }

  /**
   * A value: a quoted string, a bare word (typed as a number, true/false, null or a string; every
   * bare word is a string when `text` is set), `size(path)`, or an attribute in backticks.
   */
  private value(text: boolean): Operand {
    const t = this.peek();
    if (t.kind === 'string') {
      this.pos++;
      return { kind: 'value', value: { S: t.value } };
    }
    if (t.kind !== 'word' || isKeyword(t))
      this.fail(t, 'a value (a "quoted string", a number, true, false, null or size(...))');
    if (this.peek(1).kind === '(' && !t.quoted) {
      if (functionName(t.text) !== 'size') this.fail(t, 'a value (size(...) is the only function that gives one)');
      this.pos += 2;
      const path = this.pathArgument();
      this.expect(')', '")" after the attribute of size');
      return { kind: 'size', path };
    }
    if (t.text.startsWith(':') && !t.quoted)
      this.fail(
        t,
        'the value itself, not a :placeholder (placeholders are made for you; quote text that starts with ":")',
      );
    this.pos++;
    if (t.quoted) return { kind: 'path', path: this.path(t) };
    return { kind: 'value', value: text ? { S: t.text } : this.literal(t) };
  }

  private literal(t: Token & { kind: 'word' }): AttributeValue {
    const word = t.text;
    if (word === 'true' || word === 'false') return { BOOL: word === 'true' };
    if (word === 'null') return { NULL: true };
    const unsigned = word.startsWith('-') ? word.slice(1) : word;
    if (unsigned[0] !== undefined && unsigned[0] >= '0' && unsigned[0] <= '9' && looksNumeric(word)) {
      if (!isDynamoDbNumber(word))
        this.fail(
          t,
          'a DynamoDB number (at most 38 significant digits, magnitude 1e-130 to 1e125; quote it for a string)',
        );
      return { N: word };
    }
    return { S: word };
  }

  /** `a.b[0].c` with backtick-quoted names where needed, read from one word token. */
  private path(t: Token & { kind: 'word' }): DocumentPath {
    const { text } = t;
    const out: (string | number)[] = [];
    const failAt = (i: number, expected: string): never => {
      throw new ConditionSyntaxError(
        columnOf(this.text, t.at + i),
        expected,
        i >= text.length ? `the end of ${describeAt(this.text, t.at)}` : `"${text[i]}"`,
      );
    };
    let i = 0;
    const name = (): void => {
      if (text[i] === '`') {
        let value = '';
        let chunk = ++i;
        for (;;) {
          // The tokenizer checked the closing backtick.
          if (text[i] === '`' && text[i + 1] === '`') {
            value += text.slice(chunk, i + 1);
            i += 2;
            chunk = i;
          } else if (text[i] === '`') {
            value += text.slice(chunk, i);
            i++;
            break;
          } else {
            i++;
          }
        }
        if (value === '') failAt(i - 1, 'an attribute name inside the backticks');
        out.push(value);
        return;
      }
      const start = i;
      if (text[i] === '#')
        failAt(
          i,
          'the attribute name itself, not a #placeholder (placeholders are made for you; put a name that starts with # in backticks)',
        );
      while (i < text.length && text[i] !== '.' && text[i] !== '[' && text[i] !== ']' && text[i] !== '`') i++;
      if (i === start) failAt(i, 'an attribute name');
      out.push(text.slice(start, i));
    };
    name();
    while (i < text.length) {
      const c = text[i];
      if (c === '.') {
        i++;
        name();
      } else if (c === '[') {
        const start = ++i;
        while (i < text.length && text[i] !== undefined && (text[i] as string) >= '0' && (text[i] as string) <= '9')
          i++;
        if (i === start || i - start > 9) failAt(start, 'a list index (a whole number) inside [ ]');
        const index = Number(text.slice(start, i));
        if (text[i] !== ']') failAt(i, '"]" after the list index');
        i++;
        out.push(index);
      } else {
        failAt(i, '".", "[" or the end of the attribute name');
      }
    }
    return out;
  }
}

function isKeyword(t: Token): boolean {
  return t.kind === 'word' && !t.quoted && KEYWORDS.has(t.text.toLowerCase());
}

/** Parses one condition; throws ConditionSyntaxError with the column of the first problem. */
export function parseCondition(text: string): Condition {
  return new Parser(text).parse();
}

/** Several conditions that must all hold (repeated --filter flags), or undefined for none. */
export function allOf(conditions: readonly Condition[]): Condition | undefined {
  if (conditions.length <= 1) return conditions[0];
  return { kind: 'and', conditions: [...conditions] };
}

// ---------------------------------------------------------------------------------------------
// Expression writer

/** Binding strength: OR < AND < NOT < everything else. */
function level(c: Condition): number {
  return c.kind === 'or' ? 1 : c.kind === 'and' ? 2 : c.kind === 'not' ? 3 : 4;
}

/**
 * Writes the condition as a DynamoDB expression, adding its `#n…` names and `:v…` values to the
 * maps given (skipping placeholders already there). Parentheses appear only where precedence needs
 * them: DynamoDB refuses redundant ones.
 */
export function conditionExpression(
  condition: Condition,
  names: Record<string, string>,
  values: Record<string, AttributeValue>,
): string {
  const nameOf = new Map<string, string>();
  let nextName = 0;
  let nextValue = 0;
  const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

  const name = (n: string): string => {
    let placeholder = nameOf.get(n);
    if (placeholder === undefined) {
      while (has(names, `#n${nextName}`)) nextName++;
      placeholder = `#n${nextName++}`;
      names[placeholder] = n;
      nameOf.set(n, placeholder);
    }
    return placeholder;
  };
  const value = (v: AttributeValue): string => {
    while (has(values, `:v${nextValue}`)) nextValue++;
    const placeholder = `:v${nextValue++}`;
    values[placeholder] = v;
    return placeholder;
  };
  const path = (p: DocumentPath): string =>
    p.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${name(part)}`)).join('');
  const operand = (o: Operand): string => {
    switch (o.kind) {
      case 'path':
        return path(o.path);
      case 'size':
        return `size(${path(o.path)})`;
      case 'value':
        return value(o.value);
    }
  };
  const write = (c: Condition, min: number): string => {
    const s = bare(c);
    return level(c) < min ? `(${s})` : s;
  };
  const bare = (c: Condition): string => {
    switch (c.kind) {
      case 'compare':
        return `${operand(c.left)} ${c.op} ${operand(c.right)}`;
      case 'between':
        return `${operand(c.operand)} BETWEEN ${operand(c.low)} AND ${operand(c.high)}`;
      case 'in':
        return `${operand(c.operand)} IN (${c.list.map(operand).join(', ')})`;
      case 'attribute_exists':
      case 'attribute_not_exists':
        return `${c.kind}(${path(c.path)})`;
      case 'attribute_type':
        return `attribute_type(${path(c.path)}, ${value({ S: c.type })})`;
      case 'begins_with':
        return `begins_with(${path(c.path)}, ${operand(c.prefix)})`;
      case 'contains':
        return `contains(${path(c.path)}, ${operand(c.operand)})`;
      case 'not':
        return `NOT ${write(c.condition, 3)}`;
      case 'and':
        return c.conditions.map((x) => write(x, 2)).join(' AND ');
      case 'or':
        return c.conditions.map((x) => write(x, 1)).join(' OR ');
    }
  };
  return write(condition, 0);
}
