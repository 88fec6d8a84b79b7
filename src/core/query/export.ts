// Loaded query results as files: JSON (the items as the panel shows them) and CSV per RFC 4180
// with the grid's columns (keys first, union of attributes) and nested values as JSON text, with
// formula cells neutralised so that opening the file in a spreadsheet runs nothing from the data.
import type { JsonObject } from './itemJson';
import { cellText, resultColumns } from './resultColumns';

/** Pretty JSON array of the items, newline-terminated. */
export function itemsToJson(items: readonly JsonObject[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}

/** What a spreadsheet reads as the start of a formula (OWASP CSV Injection), plus LF and NUL. */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;
/** A whole cell that is one decimal number: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One CSV field. RFC 4180: a field with a comma, quote, CR or LF is quoted, and quotes inside it
 * are doubled. OWASP CSV Injection: a field starting with = + - @ tab or CR (or LF, NUL) gets a
 * single quote in front, which spreadsheets take as "this is text", and is quoted. A plain
 * negative number (`-12.5`, `-1e-7`) is left as it is, so it still reads as a number.
 */
export function csvField(text: string): string {
  const neutralised = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
  const cell = neutralised ? `'${text}` : text;
  return neutralised || /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * CSV with a header row; records end with CRLF (RFC 4180). A missing attribute is an empty field;
 * a string is written as is, any other value as JSON (`null`, `true`, `12.5`, `{"a":1}`).
 */
export function itemsToCsv(items: readonly JsonObject[], keyNames: readonly string[]): string {
  const columns = resultColumns(items, keyNames);
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const item of items) {
    lines.push(
      columns
        .map((c) => csvField(cellText(Object.prototype.hasOwnProperty.call(item, c.name) ? item[c.name] : undefined)))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
