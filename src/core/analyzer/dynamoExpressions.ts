// Reads the small languages inside DynamoDB requests: key-condition, filter and update
// expressions, and PartiQL statements, as far as the rules need them (which attribute equals what).
import { HOLE } from '../syntax/hole';

/** `attr = :value` comparisons joined by AND in a KeyConditionExpression. */
export interface Equality {
  /** Attribute token as written: `pk`, `#pk`, `data.pk`. */
  attribute: string;
  /** Value placeholder as written: `:pk`. */
  placeholder: string;
}

const EQ_FORWARD = /^\(*\s*([#A-Za-z_][\w.#-]*)\s*=\s*(:[\w-]+)\s*\)*$/;
const EQ_REVERSE = /^\(*\s*(:[\w-]+)\s*=\s*([#A-Za-z_][\w.#-]*)\s*\)*$/;

export function keyConditionEqualities(expression: string): Equality[] {
  const out: Equality[] = [];
  for (const part of expression.split(/\band\b/i)) {
    const p = part.trim();
    let m = EQ_FORWARD.exec(p);
    if (m) {
      out.push({ attribute: m[1] as string, placeholder: m[2] as string });
      continue;
    }
    m = EQ_REVERSE.exec(p);
    if (m) out.push({ attribute: m[2] as string, placeholder: m[1] as string });
  }
  return out;
}

export type KeyComparisonOp = '=' | '<' | '<=' | '>' | '>=' | 'begins_with' | 'between';

/** One condition of a KeyConditionExpression: `#sk BETWEEN :a AND :b`, `begins_with(sk, :p)`, `sk >= :v`. */
export interface KeyComparison {
  attribute: string;
  op: KeyComparisonOp;
  /** Value placeholders in order (two for `between`). */
  placeholders: string[];
}

const ATTR = '([#A-Za-z_][\\w.#-]*)';
const VALUE = '(:[\\w-]+)';

/** Every comparison in a KeyConditionExpression, in source order. */
export function keyConditionComparisons(expression: string): KeyComparison[] {
  const found: Array<KeyComparison & { at: number }> = [];
  let rest = expression;
  const between = new RegExp(`${ATTR}\\s+between\\s+${VALUE}\\s+and\\s+${VALUE}`, 'gi');
  for (const m of expression.matchAll(between)) {
    found.push({
      attribute: m[1] as string,
      op: 'between',
      placeholders: [m[2] as string, m[3] as string],
      at: m.index ?? 0,
    });
  }
  rest = rest.replace(between, (m) => ' '.repeat(m.length));
  const prefix = new RegExp(`begins_with\\s*\\(\\s*${ATTR}\\s*,\\s*${VALUE}\\s*\\)`, 'gi');
  for (const m of rest.matchAll(prefix))
    found.push({ attribute: m[1] as string, op: 'begins_with', placeholders: [m[2] as string], at: m.index ?? 0 });
  rest = rest.replace(prefix, (m) => ' '.repeat(m.length));
  for (const m of rest.matchAll(new RegExp(`${ATTR}\\s*(<=|>=|<|>|=)\\s*${VALUE}`, 'g'))) {
    found.push({
      attribute: m[1] as string,
      op: m[2] as KeyComparisonOp,
      placeholders: [m[3] as string],
      at: m.index ?? 0,
    });
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...c }) => c);
}

const RESERVED_FILTER_WORDS = new Set([
  'and',
  'or',
  'not',
  'between',
  'in',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
]);

/** Attribute tokens a FilterExpression reads, and those compared with `=` (query candidates). */
export function filterAttributeTokens(expression: string): { all: string[]; equality: string[] } {
  const all: string[] = [];
  const equality: string[] = [];
  const stripped = expression.replace(/:[\w-]+/g, ' ').replace(new RegExp(HOLE, 'g'), ' ');
  for (const m of stripped.matchAll(/([#A-Za-z_][\w#-]*)(?:\.[\w#-]+)*(\s*\()?/g)) {
    const token = m[1] as string;
    if (m[2] || RESERVED_FILTER_WORDS.has(token.toLowerCase())) continue;
    if (!all.includes(token)) all.push(token);
  }
  for (const m of expression.matchAll(/([#A-Za-z_][\w#-]*)\s*=\s*:[\w-]+|:[\w-]+\s*=\s*([#A-Za-z_][\w#-]*)/g)) {
    const token = (m[1] ?? m[2]) as string;
    if (!equality.includes(token)) equality.push(token);
  }
  return { all, equality };
}

/** Assignments of an UpdateExpression's SET clause: `SET a = :a, #b = :b`. */
export function updateSetEqualities(expression: string): Equality[] {
  const set = /\bset\b([\s\S]*?)(?=\b(?:remove|add|delete)\b|$)/i.exec(expression);
  if (!set) return [];
  const out: Equality[] = [];
  for (const part of (set[1] as string).split(',')) {
    const m = /^\s*([#A-Za-z_][\w.#-]*)\s*=\s*(:[\w-]+)\s*$/.exec(part);
    if (m) out.push({ attribute: m[1] as string, placeholder: m[2] as string });
  }
  return out;
}

export interface PartiqlSelect {
  table: string;
  index?: string;
  /** The WHERE clause, or undefined when there is none. */
  where?: string;
}

/** A PartiQL SELECT's table, index and WHERE clause; `undefined` for other statements. */
export function parsePartiqlSelect(statement: string): PartiqlSelect | undefined {
  const m =
    /^\s*select\b[\s\S]*?\bfrom\s+("((?:[^"]|"")*)"|[\w.\u0001-]+)(?:\s*\.\s*"((?:[^"]|"")*)")?([\s\S]*)$/i.exec(
      statement,
    );
  if (!m) return undefined;
  let table = m[2] ?? m[1]!;
  let index = m[3];
  if (m[2] === undefined && table.includes('.') && index === undefined) {
    const dot = table.indexOf('.');
    index = table.slice(dot + 1);
    table = table.slice(0, dot);
  }
  const rest = m[4] ?? '';
  const w = /\bwhere\b([\s\S]*)$/i.exec(rest);
  return { table, ...(index !== undefined ? { index } : {}), ...(w ? { where: (w[1] as string).trim() } : {}) };
}

/**
 * Whether a WHERE clause pins `key` with `=` or `IN` in every branch. A top-level OR may leave a
 * branch unpinned, so any OR counts as not pinned unless each side pins the key.
 */
export function wherePinsKey(where: string, key: string): boolean {
  const branches = where.split(/\bor\b/i);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^\\w."])"?${escaped}"?\\s*(=|\\bin\\b)`, 'i');
  const reReverse = new RegExp(`(\\?|'[^']*'|\\d+)\\s*=\\s*"?${escaped}"?($|[^\\w"])`, 'i');
  return branches.every((b) => re.test(b) || reReverse.test(b));
}

/** A PartiQL value as the rules see it: the literal's text, or `null` (a `?` parameter, a hole, an expression). */
export type PartiqlValue = string | null;

export interface PartiqlStatement {
  verb: 'select' | 'insert' | 'update' | 'delete';
  table: string;
  index?: string;
  /** The WHERE clause, or undefined when there is none. */
  where?: string;
  /** INSERT: the top-level attributes of the VALUE tuple. */
  item?: Record<string, PartiqlValue>;
}

const TABLE_NAME = '("((?:[^"]|"")*)"|[\\w.\\u0001-]+)';

/** Any PartiQL statement's table, index, WHERE clause and (INSERT) item; `undefined` when unreadable. */
export function parsePartiqlStatement(statement: string): PartiqlStatement | undefined {
  const select = parsePartiqlSelect(statement);
  if (select) return { verb: 'select', ...select };
  const insert = new RegExp(`^\\s*insert\\s+into\\s+${TABLE_NAME}\\s+value\\s*\\{([\\s\\S]*)\\}\\s*;?\\s*$`, 'i').exec(
    statement,
  );
  if (insert) {
    const item = partiqlTuple(insert[3] as string);
    return item ? { verb: 'insert', table: insert[2] ?? (insert[1] as string), item } : undefined;
  }
  const write = new RegExp(`^\\s*(update|delete\\s+from)\\s+${TABLE_NAME}([\\s\\S]*)$`, 'i').exec(statement);
  if (!write) return undefined;
  const w = /\bwhere\b([\s\S]*)$/i.exec(write[4] ?? '');
  const verb = (write[1] as string).toLowerCase().startsWith('update') ? 'update' : 'delete';
  return { verb, table: write[3] ?? (write[2] as string), ...(w ? { where: (w[1] as string).trim() } : {}) };
}

type Token = { kind: 'name' | 'string' | 'number' | 'param' | 'op' | 'punct' | 'word'; text: string };

/** Tokens of a WHERE clause or tuple; `undefined` on text it cannot read. */
function partiqlTokens(text: string): Token[] | undefined {
  const out: Token[] = [];
  const re =
    /\s+|"((?:[^"]|"")*)"|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\b|(\?)|(<>|!=|<=|>=|=|<|>)|([()[\]{},:.])|([A-Za-z_\u0001][\w\u0001]*)/giy;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push({ kind: 'name', text: m[1].replaceAll('""', '"') });
    else if (m[2] !== undefined) out.push({ kind: 'string', text: m[2].replaceAll("''", "'") });
    else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'param', text: '?' });
    else if (m[5] !== undefined) out.push({ kind: 'op', text: m[5] });
    else if (m[6] !== undefined) out.push({ kind: 'punct', text: m[6] });
    else if (m[7] !== undefined) out.push({ kind: 'word', text: m[7] });
  }
  return out;
}

function valueOfToken(t: Token | undefined): PartiqlValue | undefined {
  if (!t) return undefined;
  if (t.kind === 'string' || t.kind === 'number') return t.text.includes(HOLE) ? null : t.text;
  if (t.kind === 'param') return null;
  return undefined;
}

function isAttribute(t: Token | undefined): t is Token {
  return (
    !!t &&
    (t.kind === 'name' || (t.kind === 'word' && !RESERVED_FILTER_WORDS.has(t.text.toLowerCase()))) &&
    !t.text.includes(HOLE)
  );
}

/** `'a': 'x', 'b': ?` -> { a: 'x', b: null }; nested values count as not constant. */
function partiqlTuple(body: string): Record<string, PartiqlValue> | undefined {
  const tokens = partiqlTokens(body);
  if (!tokens) return undefined;
  const item: Record<string, PartiqlValue> = {};
  let depth = 0;
  let start = 0;
  const entries: Token[][] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'punct' && ')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.text === ',' && t.kind === 'punct') {
      entries.push(tokens.slice(start, i));
      start = i + 1;
    }
  });
  entries.push(tokens.slice(start));
  for (const e of entries) {
    const [name, colon, value] = e;
    if (!name || (name.kind !== 'string' && name.kind !== 'name') || colon?.text !== ':' || name.text.includes(HOLE))
      continue;
    item[name.text] = e.length === 3 ? (valueOfToken(value) ?? null) : null;
  }
  return item;
}

/** One comparison of a WHERE clause: `attr = value` or `attr IN [...]` (value `null`). */
export interface WhereEquality {
  attribute: string;
  op: '=' | 'in';
  value: PartiqlValue;
}

/**
 * A WHERE clause as OR-branches of its top-level `=` / `IN` conjuncts (conditions inside parentheses,
 * and other comparisons, are left out); `undefined` when it cannot be read.
 */
export function whereBranches(where: string): WhereEquality[][] | undefined {
  let tokens = partiqlTokens(where);
  if (!tokens) return undefined;
  // Parentheses around the whole clause.
  while (tokens.length > 1 && tokens[0]?.text === '(' && closingParen(tokens, 0) === tokens.length - 1)
    tokens = tokens.slice(1, -1);
  const branches: WhereEquality[][] = [[]];
  let depth = 0;
  let conjunct: Token[] = [];
  let inBetween = false;
  const flush = (): void => {
    const eq = equalityOf(conjunct);
    if (eq) (branches[branches.length - 1] as WhereEquality[]).push(eq);
    conjunct = [];
  };
  for (const t of tokens) {
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'punct' && ')]}'.includes(t.text)) depth--;
    const word = t.kind === 'word' ? t.text.toLowerCase() : '';
    if (depth === 0 && word === 'between') inBetween = true;
    if (depth === 0 && word === 'and' && inBetween) inBetween = false;
    else if (depth === 0 && (word === 'and' || word === 'or')) {
      flush();
      if (word === 'or') branches.push([]);
      continue;
    }
    conjunct.push(t);
  }
  flush();
  return branches;
}

function closingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'punct') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text) && --depth === 0) return i;
  }
  return -1;
}

function equalityOf(c: Token[]): WhereEquality | undefined {
  const [a, op, b] = c;
  if (c.length === 3 && op?.text === '=') {
    if (isAttribute(a) && valueOfToken(b) !== undefined)
      return { attribute: a.text, op: '=', value: valueOfToken(b) as PartiqlValue };
    if (isAttribute(b) && valueOfToken(a) !== undefined)
      return { attribute: b.text, op: '=', value: valueOfToken(a) as PartiqlValue };
  }
  if (c.length >= 3 && isAttribute(a) && op?.kind === 'word' && op.text.toLowerCase() === 'in')
    return { attribute: a.text, op: 'in', value: null };
  return undefined;
}
