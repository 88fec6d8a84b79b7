// Reads an AppSync VTL mapping template as the JSON document it renders to, as far as the rules
// need it: objects, arrays, strings, numbers, and VTL references (`$util.dynamodb.toDynamoDBJson("X")`,
// `$ctx.args.id`) kept as expressions. Directives (`#if`, `#set`, `#foreach`...) and comments are
// skipped, so every branch of a template is read. Lenient: text it cannot place is stepped over.

/** A value of the rendered document, with its 0-based offsets in the template (end exclusive). */
export type VtlValue =
  | { kind: 'object'; entries: VtlEntry[]; start: number; end: number }
  | { kind: 'array'; items: VtlValue[]; start: number; end: number }
  /** `text` is the content between the quotes; `quote` tells whether VTL interpolates it (`"`). */
  | { kind: 'string'; text: string; quote: '"' | "'"; start: number; end: number }
  | { kind: 'number'; text: string; start: number; end: number }
  | { kind: 'word'; text: string; start: number; end: number }
  /** A VTL reference; `call` when it ends in a method call (`$util.dynamodb.toDynamoDBJson(...)`). */
  | { kind: 'reference'; text: string; call?: { name: string; args: VtlValue[] }; start: number; end: number };

export interface VtlEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: VtlValue;
}

/** A `#set($name = value)` directive. */
export interface VtlAssignment {
  name: string;
  value: VtlValue;
}

export interface VtlTemplate {
  /** Top-level values: the request object, and any other JSON the template writes. */
  values: VtlValue[];
  assignments: VtlAssignment[];
}

const DEPTH_LIMIT = 200;
const BLOCK_DIRECTIVES = /^#\{?(?:if|elseif|foreach|set|return|define|macro|evaluate|include|parse)\}?\s*\(/;
const BARE_DIRECTIVES = /^#\{?(?:else|end|break|stop)\}?(?![\w])/;

/** Reads a template; `text` may be a whole file or a file with everything but the template blanked out. */
export function readVtlTemplate(text: string): VtlTemplate {
  const reader = new Reader(text);
  return reader.readTop();
}

class Reader {
  private i = 0;
  private readonly assignments: VtlAssignment[] = [];

  constructor(private readonly text: string) {}

  readTop(): VtlTemplate {
    const values: VtlValue[] = [];
    while (this.i < this.text.length) {
      this.skipTrivia();
      if (this.i >= this.text.length) break;
      const c = this.text[this.i];
      if (c === '{' || c === '[') values.push(this.readValue(0));
      else if (c === '$') this.readReference(0);
      else this.i++;
    }
    return { values, assignments: this.assignments };
  }

  /** Whitespace, `##` and `#* *#` comments, and directives (a `#set`'s assignment is recorded). */
  private skipTrivia(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i] as string;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.i++;
      } else if (t.startsWith('##', this.i)) {
        const nl = t.indexOf('\n', this.i);
        this.i = nl === -1 ? t.length : nl;
      } else if (t.startsWith('#*', this.i)) {
        const close = t.indexOf('*#', this.i + 2);
        this.i = close === -1 ? t.length : close + 2;
      } else if (c === '#') {
        const rest = t.slice(this.i, this.i + 24);
        const block = BLOCK_DIRECTIVES.exec(rest);
        if (block) {
          const open = this.i + block[0].length - 1;
          const close = this.matchingParen(open);
          if (/^#\{?set/.test(block[0])) this.recordSet(open + 1, close);
          this.i = close + 1;
          continue;
        }
        const bare = BARE_DIRECTIVES.exec(rest);
        if (bare) {
          this.i += bare[0].length;
          continue;
        }
        return;
      } else {
        return;
      }
    }
  }

  /** The offset of the `)` closing the `(` at `open` (strings skipped), or the text's end. */
  private matchingParen(open: number): number {
    const t = this.text;
    let depth = 0;
    for (let j = open; j < t.length; j++) {
      const c = t[j];
      if (c === '"' || c === "'") {
        j = this.stringEnd(j) - 1;
      } else if (c === '(') {
        depth++;
      } else if (c === ')') {
        depth--;
        if (depth === 0) return j;
      }
    }
    return t.length;
  }

  /** The offset just past the string literal starting at `start`. */
  private stringEnd(start: number): number {
    const t = this.text;
    const q = t[start];
    for (let j = start + 1; j < t.length; j++) {
      const c = t[j];
      if (c === '\\') j++;
      else if (c === q) return j + 1;
    }
    return t.length;
  }

  private recordSet(from: number, to: number): void {
    const m = /^\s*\$!?\{?([A-Za-z_][\w.]*)\}?\s*=/.exec(this.text.slice(from, to));
    if (!m) return;
    const sub = new Reader(this.text.slice(0, to));
    sub.i = from + m[0].length;
    sub.skipSpaces();
    const start = sub.i;
    const value = sub.readValue(1);
    sub.skipSpaces();
    // `#set($sk = "FOLLOWS_" + $ctx.source.id)`: an expression, not the one value it starts with.
    const whole: VtlValue =
      sub.i >= to ? value : { kind: 'reference', text: this.text.slice(start, to), start, end: to };
    this.assignments.push({ name: m[1] as string, value: whole });
  }

  private skipSpaces(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] as string)) this.i++;
  }

  readValue(depth: number): VtlValue {
    this.skipTrivia();
    const t = this.text;
    const start = this.i;
    const c = t[this.i];
    if (depth > DEPTH_LIMIT) {
      this.i = t.length;
      return { kind: 'word', text: '', start, end: start };
    }
    if (c === '{') return this.readObject(depth);
    if (c === '[') return this.readArray(depth);
    if (c === '"' || c === "'") {
      this.i = this.stringEnd(start);
      const end = this.i;
      return { kind: 'string', text: t.slice(start + 1, Math.max(start + 1, end - 1)), quote: c, start, end };
    }
    if (c === '$') return this.readReference(depth);
    const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(start, start + 40));
    if (m) {
      this.i += m[0].length;
      return { kind: 'number', text: m[0], start, end: this.i };
    }
    const w = /^[^\s,:{}[\]()"'$#]+/.exec(t.slice(start, start + 200));
    this.i += w ? w[0].length : c === undefined ? 0 : 1;
    return { kind: 'word', text: w ? w[0] : (c ?? ''), start, end: this.i };
  }

  private readObject(depth: number): VtlValue {
    const t = this.text;
    const start = this.i;
    this.i++;
    const entries: VtlEntry[] = [];
    while (this.i < t.length) {
      this.skipTrivia();
      const c = t[this.i];
      if (c === undefined) break;
      if (c === '}') {
        this.i++;
        break;
      }
      if (c === ']' || c === ')') {
        // A bracket that does not belong here: the object ends without it.
        break;
      }
      if (c === '"' || c === "'") {
        const keyStart = this.i;
        this.i = this.stringEnd(keyStart);
        const keyEnd = this.i;
        const key = t.slice(keyStart + 1, keyEnd - 1);
        this.skipTrivia();
        if (t[this.i] !== ':') continue;
        this.i++;
        entries.push({ key, keyStart, keyEnd, value: this.readValue(depth + 1) });
        continue;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      // A reference spliced in where an entry would be (`$util.toJson(...)`), or stray text.
      this.readValue(depth + 1);
    }
    return { kind: 'object', entries, start, end: this.i };
  }

  private readArray(depth: number): VtlValue {
    const t = this.text;
    const start = this.i;
    this.i++;
    const items: VtlValue[] = [];
    while (this.i < t.length) {
      this.skipTrivia();
      const c = t[this.i];
      if (c === undefined) break;
      if (c === ']') {
        this.i++;
        break;
      }
      if (c === '}' || c === ')') break;
      if (c === ',') {
        this.i++;
        continue;
      }
      items.push(this.readValue(depth + 1));
    }
    return { kind: 'array', items, start, end: this.i };
  }

  /** `$name.path.method(args)`, `$!{...}`, `${name}`; only a call at the end keeps its arguments. */
  private readReference(depth: number): VtlValue {
    const t = this.text;
    const start = this.i;
    this.i++;
    if (t[this.i] === '!') this.i++;
    if (t[this.i] === '{') {
      const close = this.matchingBrace(this.i);
      this.i = close + 1;
      return { kind: 'reference', text: t.slice(start, this.i), start, end: this.i };
    }
    let call: { name: string; args: VtlValue[] } | undefined;
    let path = '';
    while (this.i < t.length) {
      const m = /^[A-Za-z_][\w-]*/.exec(t.slice(this.i, this.i + 200));
      if (!m) break;
      path += (path ? '.' : '') + m[0];
      this.i += m[0].length;
      call = undefined;
      if (t[this.i] === '(') {
        const close = this.matchingParen(this.i);
        call = { name: path, args: this.readArguments(this.i + 1, close, depth) };
        this.i = Math.min(t.length, close + 1);
      }
      while (t[this.i] === '[') this.i = this.matchingBracket(this.i) + 1;
      if (t[this.i] === '.' && /[A-Za-z_]/.test(t[this.i + 1] ?? '')) {
        this.i++;
        continue;
      }
      break;
    }
    return { kind: 'reference', text: t.slice(start, this.i), ...(call ? { call } : {}), start, end: this.i };
  }

  private readArguments(from: number, to: number, depth: number): VtlValue[] {
    const sub = new Reader(this.text.slice(0, to));
    sub.i = from;
    const args: VtlValue[] = [];
    while (sub.i < to) {
      sub.skipSpaces();
      if (sub.i >= to) break;
      if (sub.text[sub.i] === ',') {
        sub.i++;
        continue;
      }
      const before = sub.i;
      args.push(sub.readValue(depth + 1));
      if (sub.i === before) sub.i++;
    }
    return args;
  }

  private matchingBrace(open: number): number {
    return this.matching(open, '{', '}');
  }

  private matchingBracket(open: number): number {
    return this.matching(open, '[', ']');
  }

  private matching(open: number, o: string, c: string): number {
    const t = this.text;
    let depth = 0;
    for (let j = open; j < t.length; j++) {
      const ch = t[j];
      if (ch === '"' || ch === "'") j = this.stringEnd(j) - 1;
      else if (ch === o) depth++;
      else if (ch === c) {
        depth--;
        if (depth === 0) return j;
      }
    }
    return t.length - 1;
  }
}

/** The entry of an object with this key (the first one: `#if` branches may repeat it). */
export function entryOf(value: VtlValue | undefined, key: string): VtlEntry | undefined {
  return value?.kind === 'object' ? value.entries.find((e) => e.key === key) : undefined;
}

/** Every object in a value, depth first, the value itself first. */
export function objectsIn(value: VtlValue, out: Array<Extract<VtlValue, { kind: 'object' }>> = []): typeof out {
  const stack: VtlValue[] = [value];
  while (stack.length > 0) {
    const v = stack.pop() as VtlValue;
    if (v.kind === 'object') {
      out.push(v);
      for (let k = v.entries.length - 1; k >= 0; k--) stack.push((v.entries[k] as VtlEntry).value);
    } else if (v.kind === 'array') {
      for (let k = v.items.length - 1; k >= 0; k--) stack.push(v.items[k] as VtlValue);
    }
  }
  return out;
}
