// Which service deploys a table and which handler files get its name: lets code in a monorepo
// resolve an env var to its own service's table rather than a sibling's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceScope, TableSchema } from './keySchema';

/** The scope of a table defined in `file`: the file's folder, no handlers known yet. */
export function serviceOf(file: string): ServiceScope {
  return { root: path.dirname(file), handlers: [] };
}

/**
 * A function's handler setting (`todos/list.handler`, `app.lambdaHandler`) as the source file it
 * names, relative to `base` and without its extension; undefined when it names no file.
 */
export function handlerFile(base: string, handler: string, codeDir = ''): string | undefined {
  const trimmed = handler.trim();
  if (!trimmed || trimmed.includes('${') || trimmed.includes('::')) return undefined;
  const lastDot = trimmed.lastIndexOf('.');
  const lastSlash = trimmed.lastIndexOf('/');
  // `file.export`: the module is everything before the last dot that follows the last slash.
  const module = lastDot > lastSlash ? trimmed.slice(0, lastDot) : trimmed;
  if (!module || module.endsWith('/')) return undefined;
  return withoutExtension(path.join(base, codeDir, module));
}

/** A source path without its script extension, so `list.js`, `list.ts` and a handler `list` compare equal. */
export function withoutExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]s|[jt]sx|py)$/i, '');
}

/** Adds handler files to a table's service, once each. */
export function addHandlers(table: TableSchema, handlers: readonly string[]): void {
  if (!table.service || handlers.length === 0) return;
  for (const h of handlers) if (!table.service.handlers.includes(h)) table.service.handlers.push(h);
}

/** Whether `file` lies in the folder `root` (both resolved the same way). */
export function inFolder(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const appRoots = new Map<string, string | undefined>();
const MAX_LEVELS = 12;

/**
 * The CDK app a stack file belongs to: the nearest folder above it holding `cdk.json` or
 * `package.json`; undefined for relative paths or when there is none. Cached per folder.
 */
export function cdkAppRoot(file: string): string | undefined {
  if (!path.isAbsolute(file)) return undefined;
  const start = path.dirname(file);
  if (appRoots.has(start)) return appRoots.get(start);
  let found: string | undefined;
  let dir = start;
  for (let i = 0; i < MAX_LEVELS; i++) {
    if (exists(path.join(dir, 'cdk.json')) || exists(path.join(dir, 'package.json'))) {
      found = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  appRoots.set(start, found);
  return found;
}

function exists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const UNKNOWN_TABLE = ', unknown table (';

/** `process.env.TABLE, unknown table (a, b or c)`: at most three names, then how many more. */
export function unknownTableLabel(spelled: string, names: readonly string[]): string {
  const shown = names.slice(0, 3);
  const more = names.length > shown.length ? ` or ${names.length - shown.length} more` : '';
  const list =
    shown.length > 1 && !more
      ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1] ?? ''}`
      : `${shown.join(', ')}${more}`;
  return `${spelled}${UNKNOWN_TABLE}${list})`;
}

/** Whether a finding's table is one that several services' tables fit (see `unknownTableLabel`). */
export function isUnknownTable(table: string | undefined): boolean {
  return table !== undefined && table.includes(UNKNOWN_TABLE);
}
