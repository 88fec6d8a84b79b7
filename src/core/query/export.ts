// Loaded query results as files: JSON (the items as the panel shows them) and CSV per RFC 4180
// with the grid's columns (keys first, union of attributes) and nested values as JSON text.
import type { JsonObject } from './itemJson';
import { cellText, resultColumns } from './resultColumns';

/** Pretty JSON array of the items, newline-terminated. */
export function itemsToJson(items: readonly JsonObject[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and quotes inside it are doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV with a header row; records end with CRLF (RFC 4180). A missing attribute is an empty field;
 * a string is written as is, any other value as JSON (`null`, `true`, `12.5`, `{"a":1}`).
 */
export function itemsToCsv(items: readonly JsonObject[], keyNames: readonly string[]): string {
  const columns = resultColumns(items, keyNames);
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const item of items) {
    lines.push(columns.map((c) => csvField(cellText(Object.prototype.hasOwnProperty.call(item, c.name) ? item[c.name] : undefined))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
