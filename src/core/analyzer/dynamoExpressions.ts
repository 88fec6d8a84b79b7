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
    found.push({ attribute: m[1] as string, op: 'between', placeholders: [m[2] as string, m[3] as string], at: m.index ?? 0 });
  }
  rest = rest.replace(between, (m) => ' '.repeat(m.length));
  const prefix = new RegExp(`begins_with\\s*\\(\\s*${ATTR}\\s*,\\s*${VALUE}\\s*\\)`, 'gi');
  for (const m of rest.matchAll(prefix)) found.push({ attribute: m[1] as string, op: 'begins_with', placeholders: [m[2] as string], at: m.index ?? 0 });
  rest = rest.replace(prefix, (m) => ' '.repeat(m.length));
  for (const m of rest.matchAll(new RegExp(`${ATTR}\\s*(<=|>=|<|>|=)\\s*${VALUE}`, 'g'))) {
    found.push({ attribute: m[1] as string, op: m[2] as KeyComparisonOp, placeholders: [m[3] as string], at: m.index ?? 0 });
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...c }) => c);
}

const RESERVED_FILTER_WORDS = new Set([
  'and', 'or', 'not', 'between', 'in', 'attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains', 'size',
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
  const m = /^\s*select\b[\s\S]*?\bfrom\s+("((?:[^"]|"")*)"|[\w.\u0001-]+)(?:\s*\.\s*"((?:[^"]|"")*)")?([\s\S]*)$/i.exec(statement);
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
