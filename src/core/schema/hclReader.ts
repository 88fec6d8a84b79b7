// A small, forgiving reader for the subset of Terraform HCL the schema needs: blocks, attributes,
// strings (interpolations kept as text), references, lists and objects; other expressions are
// kept as their source text so nothing fails on syntax we do not model.

export type HclValue = string | number | boolean | null | HclValue[] | HclObject | HclExpression;
export interface HclObject {
  kind: 'object';
  entries: Record<string, HclValue>;
}
/** A reference (`aws_dynamodb_table.orders.name`) or any expression we do not evaluate. */
export interface HclExpression {
  kind: 'expression';
  text: string;
}

export interface HclBlock {
  type: string;
  labels: string[];
  attributes: Record<string, HclValue>;
  blocks: HclBlock[];
  /** 0-based offsets of the block's first token and just past its closing brace. */
  offset: number;
  endOffset: number;
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'heredoc';
interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
  end: number;
}

export function parseHcl(text: string): HclBlock[] {
  const parser = new Parser(tokenize(text), text);
  return parser.body(undefined).blocks;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', offset: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw new HclSyntaxError('unterminated comment', i);
      i = close + 2;
    } else if (c === '"') {
      const start = i;
      let value = '';
      i++;
      let depth = 0;
      while (i < n) {
        const d = text[i] as string;
        if (d === '\\' && i + 1 < n) {
          const next = text[i + 1] as string;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        if (depth === 0 && d === '"') break;
        if (d === '\n' && depth === 0) throw new HclSyntaxError('unterminated string', start);
        if ((d === '$' || d === '%') && text[i + 1] === '{') {
          depth++;
          value += `${d}{`;
          i += 2;
          continue;
        }
        if (d === '}' && depth > 0) depth--;
        value += d;
        i++;
      }
      if (i >= n) throw new HclSyntaxError('unterminated string', start);
      i++;
      tokens.push({ kind: 'string', text: value, offset: start, end: i });
    } else if (c === '<' && text[i + 1] === '<') {
      const match = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i, i + 200));
      if (!match) {
        tokens.push({ kind: 'punct', text: '<', offset: i, end: i + 1 });
        i++;
        continue;
      }
      const marker = match[1] as string;
      const bodyStart = i + match[0].length;
      const close = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
      const rest = text.slice(bodyStart);
      const found = close.exec(rest);
      if (!found) throw new HclSyntaxError(`unterminated heredoc ${marker}`, i);
      const end = bodyStart + found.index + found[0].length;
      tokens.push({ kind: 'heredoc', text: rest.slice(0, found.index), offset: i, end });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_\-]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), offset: start, end: i });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[0-9.eE]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'number', text: text.slice(start, i), offset: start, end: i });
    } else {
      tokens.push({ kind: 'punct', text: c, offset: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(skipNewlines = false): Token | undefined {
    if (skipNewlines) while (this.tokens[this.pos]?.kind === 'newline') this.pos++;
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new HclSyntaxError('unexpected end of file', this.text.length);
    return token;
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.text !== text || token.kind === 'string')
      throw new HclSyntaxError(`expected '${text}' but found '${token.text}'`, token.offset);
    return token;
  }

  /** Block body up to `}` (or end of file at top level). */
  body(open: Token | undefined): { attributes: Record<string, HclValue>; blocks: HclBlock[]; end: number } {
    const attributes: Record<string, HclValue> = {};
    const blocks: HclBlock[] = [];
    for (;;) {
      const token = this.peek(true);
      if (!token) {
        if (open) throw new HclSyntaxError("unclosed '{'", open.offset);
        return { attributes, blocks, end: this.text.length };
      }
      if (token.kind === 'punct' && token.text === '}') {
        if (!open) throw new HclSyntaxError("unexpected '}'", token.offset);
        this.pos++;
        return { attributes, blocks, end: token.end };
      }
      if (token.kind !== 'ident' && token.kind !== 'string')
        throw new HclSyntaxError(`unexpected '${token.text}'`, token.offset);
      this.pos++;
      const after = this.peek();
      if (after?.kind === 'punct' && after.text === '=') {
        this.pos++;
        attributes[token.text] = this.expression();
        continue;
      }
      const labels: string[] = [];
      while (this.peek()?.kind === 'string' || this.peek()?.kind === 'ident') labels.push(this.next().text);
      const brace = this.expect('{');
      const inner = this.body(brace);
      blocks.push({
        type: token.text,
        labels,
        attributes: inner.attributes,
        blocks: inner.blocks,
        offset: token.offset,
        endOffset: inner.end,
      });
    }
  }

  private expression(): HclValue {
    const start = this.peek(true);
    if (!start) throw new HclSyntaxError('expected a value', this.text.length);
    const value = this.primary();
    // Anything after a primary on the same line (operators, conditionals) makes it an expression.
    const following = this.peek();
    if (
      following &&
      following.kind !== 'newline' &&
      !(
        following.kind === 'punct' &&
        (following.text === ',' || following.text === '}' || following.text === ']' || following.text === ')')
      )
    ) {
      this.skipToEndOfExpression();
      return { kind: 'expression', text: this.text.slice(start.offset, this.tokens[this.pos - 1]?.end ?? start.end) };
    }
    return value;
  }

  private primary(): HclValue {
    const token = this.next();
    if (token.kind === 'string') {
      // A string that is only one interpolation is that reference.
      const single = /^\$\{([^{}]+)\}$/.exec(token.text);
      return single ? { kind: 'expression', text: (single[1] as string).trim() } : token.text;
    }
    if (token.kind === 'heredoc') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'punct' && token.text === '[') return this.list();
    if (token.kind === 'punct' && token.text === '{') return this.object();
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') return token.text === 'true';
      if (token.text === 'null') return null;
      let end = token.end;
      // Traversals and calls: a.b[0].c, f(x), a[*].b
      for (;;) {
        const t = this.peek();
        if (t?.kind === 'punct' && t.text === '.') {
          this.pos++;
          end = this.next().end;
        } else if (t?.kind === 'punct' && (t.text === '[' || t.text === '(')) {
          end = this.skipBalanced();
        } else {
          break;
        }
      }
      return { kind: 'expression', text: this.text.slice(token.offset, end) };
    }
    if (token.kind === 'punct' && (token.text === '-' || token.text === '!' || token.text === '(')) {
      this.pos--;
      const startOffset = token.offset;
      this.skipToEndOfExpression();
      return { kind: 'expression', text: this.text.slice(startOffset, this.tokens[this.pos - 1]?.end ?? token.end) };
    }
    throw new HclSyntaxError(`unexpected '${token.text}'`, token.offset);
  }

  private list(): HclValue[] {
    const items: HclValue[] = [];
    for (;;) {
      const t = this.peek(true);
      if (!t) throw new HclSyntaxError("unclosed '['", this.text.length);
      if (t.kind === 'punct' && t.text === ']') {
        this.pos++;
        return items;
      }
      if (t.kind === 'punct' && t.text === ',') {
        this.pos++;
        continue;
      }
      items.push(this.expression());
    }
  }

  private object(): HclObject {
    const entries: Record<string, HclValue> = {};
    for (;;) {
      const t = this.peek(true);
      if (!t) throw new HclSyntaxError("unclosed '{'", this.text.length);
      if (t.kind === 'punct' && t.text === '}') {
        this.pos++;
        return { kind: 'object', entries };
      }
      if (t.kind === 'punct' && t.text === ',') {
        this.pos++;
        continue;
      }
      const key = this.next();
      const separator = this.next();
      if (separator.text !== '=' && separator.text !== ':')
        throw new HclSyntaxError(`expected '=' after '${key.text}'`, separator.offset);
      entries[key.text] = this.expression();
    }
  }

  /** Skips a bracketed group starting at the current token; returns the end offset. */
  private skipBalanced(): number {
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '[' || t.text === '(' || t.text === '{')) depth++;
      if (t.kind === 'punct' && (t.text === ']' || t.text === ')' || t.text === '}')) depth--;
      if (depth === 0) return t.end;
    }
  }

  private skipToEndOfExpression(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (t.kind === 'punct' && (t.text === '[' || t.text === '(' || t.text === '{')) depth++;
      if (t.kind === 'punct' && (t.text === ']' || t.text === ')' || t.text === '}')) {
        if (depth === 0) return;
        depth--;
      }
      if (depth === 0 && (t.kind === 'newline' || (t.kind === 'punct' && t.text === ','))) return;
      this.pos++;
    }
  }
}

export function isHclObject(value: HclValue | undefined): value is HclObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'object';
}

export function hclExpressionText(value: HclValue | undefined): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'expression'
    ? value.text
    : undefined;
}
