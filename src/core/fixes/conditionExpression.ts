// Splits DynamoDB condition expressions (FilterExpression) at their top-level ANDs and recognises the
// parts a KeyConditionExpression accepts, so a fix can move key conditions out of a filter.

/**
 * The operands of the top-level ANDs, trimmed and as written (parentheses kept, so rejoining them
 * with AND keeps their meaning); `undefined` when the expression has a top-level OR
 * (its parts cannot be split without changing its meaning) or unbalanced parentheses.
 */
export function splitTopLevelAnd(expression: string): string[] | undefined {
  const parts: string[] = [];
  const token = /(?<![:#\w])(and|or|between)\b|[()]/giy;
  let depth = 0;
  let start = 0;
  let betweens = 0;
  for (let i = 0; i < expression.length; i++) {
    token.lastIndex = i;
    const m = token.exec(expression);
    if (!m) continue;
    const word = m[0].toLowerCase();
    if (word === '(') depth++;
    else if (word === ')') {
      if (--depth < 0) return undefined;
    } else if (depth === 0) {
      if (word === 'or') return undefined;
      if (word === 'between') betweens++;
      else if (betweens > 0)
        betweens--; // the AND of `x BETWEEN :a AND :b`
      else {
        parts.push(expression.slice(start, m.index).trim());
        start = m.index + m[0].length;
      }
    }
    i = m.index + m[0].length - 1;
  }
  if (depth !== 0) return undefined;
  parts.push(expression.slice(start).trim());
  return parts.some((p) => p.length === 0) ? undefined : parts;
}

/** The part without parentheses around all of it (KeyConditionExpression does not take them). */
export function stripOuterParens(part: string): string {
  let p = part;
  while (p.startsWith('(') && p.endsWith(')') && balanced(p.slice(1, -1))) p = p.slice(1, -1).trim();
  return p;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const NAME = String.raw`[#A-Za-z_][\w#.-]*`;
const VALUE = String.raw`:[\w-]+`;

/** The attribute token (as written: `status`, `#s`) an equality `a = :v` (or `:v = a`) compares, if the part is one. */
export function equalityAttribute(written: string): string | undefined {
  const part = stripOuterParens(written);
  const m =
    new RegExp(`^(${NAME})\\s*=\\s*${VALUE}$`).exec(part) ?? new RegExp(`^${VALUE}\\s*=\\s*(${NAME})$`).exec(part);
  return m?.[1];
}

/** The attribute a sort-key condition tests, when the part has a form KeyConditionExpression accepts. */
export function sortKeyConditionAttribute(written: string): string | undefined {
  const part = stripOuterParens(written);
  const compare = new RegExp(`^(${NAME})\\s*(=|<=|>=|<|>)\\s*${VALUE}$`).exec(part);
  if (compare) return compare[1];
  const between = new RegExp(`^(${NAME})\\s+between\\s+${VALUE}\\s+and\\s+${VALUE}$`, 'i').exec(part);
  if (between) return between[1];
  const begins = new RegExp(`^begins_with\\s*\\(\\s*(${NAME})\\s*,\\s*${VALUE}\\s*\\)$`).exec(part);
  return begins?.[1];
}
