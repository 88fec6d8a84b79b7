// Matches paths against the globs people quote on command lines ('src/**/*.ts' in npm scripts and on
// Windows, where no shell expands them): `**`, `*`, `?`, `{a,b}` and `[...]` classes. Matching
// backtracks only to the last star, so its time is bounded by pattern length × path length.

/** Most patterns one glob's braces may expand to; `{a,b}{c,d}…` grows exponentially. */
export const MAX_BRACE_EXPANSION = 1024;

export class GlobError extends Error {
  override readonly name = 'GlobError';
}

/** Whether `pattern` uses glob syntax (an unescaped `*`, `?`, `[` or `{`). */
export function hasGlobMagic(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[' || c === '{') return true;
  }
  return false;
}

/**
 * `{a,b}` alternatives, nested ones too, as separate patterns in order (`src/{a,b}/*.ts` gives
 * `src/a/*.ts`, `src/b/*.ts`). A brace without a comma at its level, or unclosed, is literal.
 */
export function expandBraces(pattern: string): string[] {
  const open = findBraceGroup(pattern);
  if (!open) return [pattern];
  const { start, end, commas } = open;
  const head = pattern.slice(0, start);
  const tail = pattern.slice(end + 1);
  const bounds = [start, ...commas, end];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const alternative = pattern.slice((bounds[k] as number) + 1, bounds[k + 1]);
    for (const expanded of expandBraces(head + alternative + tail)) {
      out.push(expanded);
      if (out.length > MAX_BRACE_EXPANSION)
        throw new GlobError(`"${pattern}" expands to more than ${MAX_BRACE_EXPANSION} patterns`);
    }
  }
  return out;
}

/** The first `{…}` holding a comma at its own level: its bounds and those commas. */
function findBraceGroup(pattern: string): { start: number; end: number; commas: number[] } | undefined {
  for (let start = 0; start < pattern.length; start++) {
    if (pattern[start] === '\\') {
      start++;
      continue;
    }
    if (pattern[start] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === ',' && depth === 1) commas.push(i);
      else if (c === '}' && --depth === 0) {
        if (commas.length > 0) return { start, end: i, commas };
        break;
      }
    }
  }
  return undefined;
}

/**
 * Splits a brace-free pattern into the folder to walk (its leading segments without glob syntax,
 * unescaped; '' when the first segment has some) and the rest to match below it.
 */
export function globBase(pattern: string): { base: string; rest: string } {
  const segments = pattern.split('/');
  let i = 0;
  while (i < segments.length - 1 && !hasGlobMagic(segments[i] as string)) i++;
  const base = segments.slice(0, i).map(unescape).join('/');
  return { base: i > 0 && base === '' ? '/' : base, rest: segments.slice(i).join('/') };
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

type Token =
  | { kind: 'char'; code: number }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> };

const GLOBSTAR = 'globstar';
type Segment = Token[] | typeof GLOBSTAR;

/**
 * A matcher for forward-slash paths relative to the pattern's own start (`globBase`'s `rest`).
 * As in shells, wildcards never match a name starting with a dot unless the pattern spells the dot.
 */
export function compileGlob(pattern: string): (relativePath: string) => boolean {
  const segments: Segment[] = [];
  for (const s of pattern.split('/')) {
    if (s === '') continue;
    if (s === '**') {
      if (segments.at(-1) !== GLOBSTAR) segments.push(GLOBSTAR);
    } else {
      segments.push(tokenize(s));
    }
  }
  return (relativePath) =>
    matchSegments(
      segments,
      relativePath.split('/').filter((s) => s !== ''),
    );
}

function tokenize(segment: string): Token[] {
  const chars = Array.from(segment);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '\\' && i + 1 < chars.length)
      tokens.push({ kind: 'char', code: (chars[++i] as string).codePointAt(0) as number });
    else if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const parsed = parseClass(chars, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else {
        tokens.push({ kind: 'char', code: 0x5b });
      }
    } else tokens.push({ kind: 'char', code: c.codePointAt(0) as number });
  }
  return tokens;
}

/** `[abc]`, `[a-z]`, `[!x]` / `[^x]`, `]` first is literal; undefined when unclosed (then `[` is literal). */
function parseClass(chars: readonly string[], open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  const negated = chars[i] === '!' || chars[i] === '^';
  if (negated) i++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < chars.length; i++) {
    let c = chars[i] as string;
    if (c === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < chars.length) c = chars[++i] as string;
    const lo = c.codePointAt(0) as number;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      let hiChar = chars[i + 2] as string;
      i += 2;
      if (hiChar === '\\' && i + 1 < chars.length) hiChar = chars[++i] as string;
      ranges.push([lo, hiChar.codePointAt(0) as number]);
    } else {
      ranges.push([lo, lo]);
    }
  }
  return undefined;
}

function matchesOne(token: Token, code: number): boolean {
  switch (token.kind) {
    case 'char':
      return token.code === code;
    case 'any':
      return code !== 0x2f;
    case 'class':
      return code !== 0x2f && token.ranges.some(([lo, hi]) => code >= lo && code <= hi) !== token.negated;
    case 'star':
      return false;
    default: {
      const never: never = token;
      return never;
    }
  }
}

/** One name against one segment's tokens; only the last star is ever revisited. */
function matchName(tokens: readonly Token[], name: string): boolean {
  if (name.startsWith('.') && !(tokens[0]?.kind === 'char' && tokens[0].code === 0x2e)) return false;
  const codes = Array.from(name, (c) => c.codePointAt(0) as number);
  let t = 0;
  let i = 0;
  let starT = -1;
  let starI = 0;
  while (i < codes.length) {
    const token = tokens[t];
    if (token && token.kind === 'star') {
      starT = t++;
      starI = i;
    } else if (token && matchesOne(token, codes[i] as number)) {
      t++;
      i++;
    } else if (starT >= 0) {
      t = starT + 1;
      i = ++starI;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** Path names against segments, `**` standing for any run of names not starting with a dot. */
function matchSegments(segments: readonly Segment[], names: readonly string[]): boolean {
  let s = 0;
  let n = 0;
  let starS = -1;
  let starN = 0;
  while (n < names.length) {
    const segment = segments[s];
    if (segment === GLOBSTAR) {
      starS = s++;
      starN = n;
    } else if (segment && matchName(segment, names[n] as string)) {
      s++;
      n++;
    } else if (starS >= 0 && !(names[starN] as string).startsWith('.')) {
      s = starS + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (segments[s] === GLOBSTAR) s++;
  return s === segments.length;
}
