// The columns of a result grid or CSV: key attributes first (pinned in the grid), then the union of
// every other attribute the items carry, and the one text form a cell shows for any item value.
import type { JsonValue } from './itemJson';

export interface ResultColumn {
  name: string;
  /** A key attribute of the table or of the index that was read: shown first and pinned. */
  key: boolean;
}

/**
 * Key names in the order they should lead (table partition, table sort, index partition, index
 * sort), then every other attribute seen in `items`, sorted case-insensitively so a column is easy
 * to find however the items were written. Key columns are kept even when no item has them yet.
 */
export function resultColumns(
  items: readonly Record<string, JsonValue>[],
  keyNames: readonly string[],
): ResultColumn[] {
  const keys = [...new Set(keyNames.filter((k) => k !== ''))];
  const keySet = new Set(keys);
  const others = new Set<string>();
  for (const item of items) {
    for (const name of Object.keys(item)) if (!keySet.has(name)) others.add(name);
  }
  const sorted = [...others].sort(
    (a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return [...keys.map((name) => ({ name, key: true })), ...sorted.map((name) => ({ name, key: false }))];
}

/**
 * What one cell shows: strings verbatim, everything else (numbers, booleans, null, lists, maps,
 * sets and binary markers) as its JSON text. `undefined` (the item lacks the attribute) is ''.
 */
export function cellText(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
