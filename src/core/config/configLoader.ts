// Reads `dynamo-guard.config.json`: a validating loader that reports every mistake (file, property
// path, what was expected, where) and keeps whatever else is valid.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SeverityOption } from '../analyzer/finding';
import type { TableSchema } from '../schema/keySchema';
import { computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import { sourceAt } from '../schema/schemaSource';
import {
  parseTemplate,
  type TemplateDocument,
  type TemplateObject,
  type TemplateValue,
} from '../schema/templateDocument';
import { readProjectFile } from '../workspace/projectFile';
import { CONFIG_FILE_NAME } from '../configFileName';
import { ALLOWED_PATHS_RULES, CONFIG_FILE_RULES } from '../rules/registry';
import {
  type ConfigIndex,
  type ConfigKey,
  type ConfigProblem,
  type ConfigTable,
  defaultConfig,
  KEY_TYPES,
  type LoadedConfig,
  PROJECTIONS,
  SEVERITIES,
} from './configModel';
import { tableSchema } from './configTables';

/** Reads the config from a file or from `dynamo-guard.config.json` in a directory. Never throws. */
export function loadConfig(fileOrDir: string): LoadedConfig {
  let file = fileOrDir;
  let explicit = true;
  try {
    if (existsSync(fileOrDir) && statSync(fileOrDir).isDirectory()) {
      file = path.join(fileOrDir, CONFIG_FILE_NAME);
      explicit = false;
    }
    if (!existsSync(file)) {
      // Having no config is normal; a path the user named that does not exist is worth saying.
      const problems = explicit ? [{ file, message: 'config file not found; using defaults' }] : [];
      return { config: defaultConfig(), tables: [], problems };
    }
    // A regular file only, size-capped: a config symlinked to /dev/zero or a FIFO is reported, not read.
    return { ...parseConfig(file, readProjectFile(file, { label: 'the file' })), file };
  } catch (error) {
    return {
      config: defaultConfig(),
      tables: [],
      problems: [{ file, message: `could not read config: ${(error as Error).message}` }],
    };
  }
}

/** Validates config text (the editor passes unsaved buffers); invalid parts are reported and skipped. */
export function parseConfig(file: string, text: string): Omit<LoadedConfig, 'file'> {
  const config = defaultConfig();
  const problems: ConfigProblem[] = [];
  const parsed = parseTemplate(text, true);
  if (!parsed.ok) {
    const { offset, endOffset } = parsed;
    const at = offset === undefined ? {} : problemRange(computeLineStarts(text), text, offset, endOffset ?? offset);
    return {
      config,
      tables: [],
      problems: [{ file, message: parsed.message, ...(parsed.line ? { line: parsed.line } : {}), ...at }],
    };
  }
  const doc = parsed.document;
  const root = parsed.document.root;
  const report: Report = (at, expected, value, message) => {
    const got = value === undefined ? '' : `, got ${describe(value)}`;
    const problem = message ?? `expected ${expected}${got}`;
    // An unknown property is its key; a wrong value is the value; a missing one, what lacks it.
    const span = locate(doc, at, message !== undefined);
    const range = span ? problemRange(doc.lineStarts, text, span.offset, span.endOffset) : {};
    problems.push({ file, path: pathText(at), message: `${pathText(at) || '(root)'}: ${problem}`, ...range });
  };
  if (!isObject(root)) {
    report([], 'an object', root);
    return { config, tables: [], problems };
  }
  checkKnown(
    root,
    [],
    ['$schema', 'tables', 'rules', 'ignore', ...ALLOWED_PATHS_RULES.map((r) => r.allowedPaths.configKey), 'baseline'],
    report,
  );

  const tables: TableSchema[] = [];
  if (root.tables !== undefined) {
    if (!Array.isArray(root.tables)) report(['tables'], 'an array of tables', root.tables);
    else {
      root.tables.forEach((value, i) => {
        const table = validateTable(value, ['tables', i], report);
        if (!table) return;
        config.tables.push(table);
        const nameSpan = isObject(value) ? doc.keySpans.get(value)?.get('name') : undefined;
        tables.push(
          tableSchema(
            table,
            nameSpan
              ? sourceAt('config', file, doc.lineStarts, nameSpan.offset, nameSpan.endOffset)
              : { kind: 'config', file },
          ),
        );
      });
    }
  }

  if (root.rules !== undefined) {
    if (!isObject(root.rules)) report(['rules'], 'an object of rule severities', root.rules);
    else {
      checkKnown(
        root.rules,
        ['rules'],
        CONFIG_FILE_RULES.map((r) => r.id),
        report,
      );
      for (const { id: rule } of CONFIG_FILE_RULES) {
        const value = root.rules[rule];
        if (value === undefined) continue;
        if (typeof value === 'string' && SEVERITIES.includes(value)) config.rules[rule] = value as SeverityOption;
        else report(['rules', rule], oneOf(SEVERITIES), value);
      }
    }
  }

  if (root.ignore !== undefined) {
    const globs = stringArray(root.ignore, ['ignore'], report);
    if (globs) config.ignore = globs;
  }

  for (const { allowedPaths } of ALLOWED_PATHS_RULES) {
    const key = allowedPaths.configKey;
    const allow = root[key];
    if (allow === undefined) continue;
    if (!isObject(allow)) report([key], 'an object { paths, severity? }', allow);
    else {
      checkKnown(allow, [key], ['paths', 'severity'], report);
      if (allow.paths === undefined) report([key, 'paths'], 'an array of globs');
      else {
        const paths = stringArray(allow.paths, [key, 'paths'], report);
        if (paths) config[key].paths = paths;
      }
      if (allow.severity !== undefined) {
        if (allow.severity === 'info' || allow.severity === 'off') config[key].severity = allow.severity;
        else report([key, 'severity'], oneOf(['info', 'off']), allow.severity);
      }
    }
  }

  if (root.baseline !== undefined) {
    if (typeof root.baseline === 'string' && root.baseline !== '') config.baseline = root.baseline;
    else report(['baseline'], 'a file path', root.baseline);
  }
  return { config, tables, problems };
}

type Path = (string | number)[];
type Report = (at: Path, expected: string, value?: TemplateValue, message?: string) => void;

function validateTable(value: TemplateValue, at: Path, report: Report): ConfigTable | undefined {
  if (!isObject(value)) {
    report(at, 'a table object { name, partitionKey, ... }', value);
    return undefined;
  }
  checkKnown(value, at, ['name', 'partitionKey', 'sortKey', 'indexes', 'envVars', 'aliases', 'billingMode'], report);
  const name = value.name;
  if (typeof name !== 'string' || name === '') {
    report([...at, 'name'], 'the table name (a non-empty string)', name);
    return undefined;
  }
  const partitionKey = validateKey(value.partitionKey, [...at, 'partitionKey'], report, true);
  if (!partitionKey) return undefined;
  const table: ConfigTable = { name, partitionKey };
  const sortKey = validateKey(value.sortKey, [...at, 'sortKey'], report, false);
  if (sortKey) table.sortKey = sortKey;
  if (value.indexes !== undefined) {
    if (!Array.isArray(value.indexes)) report([...at, 'indexes'], 'an array of indexes', value.indexes);
    else {
      const indexes: ConfigIndex[] = [];
      value.indexes.forEach((index, i) => {
        const valid = validateIndex(index, [...at, 'indexes', i], report);
        if (valid) indexes.push(valid);
      });
      table.indexes = indexes;
    }
  }
  for (const list of ['envVars', 'aliases'] as const) {
    if (value[list] === undefined) continue;
    const strings = stringArray(value[list], [...at, list], report);
    if (strings) table[list] = strings;
  }
  if (value.billingMode !== undefined) {
    if (value.billingMode === 'PROVISIONED' || value.billingMode === 'PAY_PER_REQUEST')
      table.billingMode = value.billingMode;
    else report([...at, 'billingMode'], oneOf(['PROVISIONED', 'PAY_PER_REQUEST']), value.billingMode);
  }
  return table;
}

function validateIndex(value: TemplateValue, at: Path, report: Report): ConfigIndex | undefined {
  if (!isObject(value)) {
    report(at, 'an index object { name, partitionKey, sortKey? }', value);
    return undefined;
  }
  checkKnown(value, at, ['name', 'kind', 'partitionKey', 'sortKey', 'projection'], report);
  if (typeof value.name !== 'string' || value.name === '') {
    report([...at, 'name'], 'the index name (a non-empty string)', value.name);
    return undefined;
  }
  let kind: 'GSI' | 'LSI' = 'GSI';
  if (value.kind !== undefined) {
    if (value.kind === 'GSI' || value.kind === 'LSI') kind = value.kind;
    else {
      report([...at, 'kind'], oneOf(['GSI', 'LSI']), value.kind);
      return undefined;
    }
  }
  const index: ConfigIndex = { name: value.name, kind };
  const partitionKey = validateKey(value.partitionKey, [...at, 'partitionKey'], report, kind === 'GSI');
  if (kind === 'GSI' && !partitionKey) return undefined;
  if (partitionKey) index.partitionKey = partitionKey;
  const sortKey = validateKey(value.sortKey, [...at, 'sortKey'], report, kind === 'LSI');
  if (kind === 'LSI' && !sortKey) return undefined;
  if (sortKey) index.sortKey = sortKey;
  if (value.projection !== undefined) {
    if (typeof value.projection === 'string' && PROJECTIONS.includes(value.projection))
      index.projection = value.projection as ConfigIndex['projection'];
    else report([...at, 'projection'], oneOf(PROJECTIONS), value.projection);
  }
  return index;
}

function validateKey(
  value: TemplateValue | undefined,
  at: Path,
  report: Report,
  required: boolean,
): ConfigKey | undefined {
  if (value === undefined) {
    if (required) report(at, 'a key: an attribute name or { name, type }');
    return undefined;
  }
  if (typeof value === 'string' && value !== '') return value;
  if (!isObject(value)) {
    report(at, 'a key: an attribute name or { name, type }', value);
    return undefined;
  }
  checkKnown(value, at, ['name', 'type'], report);
  if (typeof value.name !== 'string' || value.name === '') {
    report([...at, 'name'], 'the attribute name (a non-empty string)', value.name);
    return undefined;
  }
  if (value.type === undefined) return { name: value.name };
  if (typeof value.type === 'string' && KEY_TYPES.includes(value.type))
    return { name: value.name, type: value.type as 'S' | 'N' | 'B' };
  report([...at, 'type'], oneOf(KEY_TYPES), value.type);
  return { name: value.name };
}

function stringArray(value: TemplateValue, at: Path, report: Report): string[] | undefined {
  if (!Array.isArray(value)) {
    report(at, 'an array of strings', value);
    return undefined;
  }
  const strings: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') strings.push(item);
    else report([...at, i], 'a string', item);
  });
  return strings;
}

function checkKnown(value: TemplateObject, at: Path, known: string[], report: Report): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      report(
        [...at, key],
        '',
        undefined,
        `unknown property "${key}"; expected ${known.map((k) => `"${k}"`).join(', ')}`,
      );
  }
}

function isObject(value: TemplateValue | undefined): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => `"${v}"`).join(', ')}`;
}

function describe(value: TemplateValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function pathText(at: Path): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * What a problem at `at` points to: the key itself (`key`) or the value of the full path; when the
 * path ends at something absent, the key or item that should hold it, else the root.
 */
function locate(doc: TemplateDocument, at: Path, key: boolean): { offset: number; endOffset: number } | undefined {
  let current: TemplateValue | undefined = doc.root;
  let found: { offset: number; endOffset: number } | undefined;
  for (const [i, step] of at.entries()) {
    const last = i === at.length - 1;
    if (typeof step === 'number') {
      const span = Array.isArray(current) ? doc.itemSpans.get(current)?.[step] : undefined;
      if (!span) break;
      found = span;
      current = (current as TemplateValue[])[step];
    } else {
      const span = isObject(current) ? doc.keySpans.get(current)?.get(step) : undefined;
      if (!span) break;
      const value = current as TemplateObject;
      const keyOnly = { offset: span.offset, endOffset: span.keyEndOffset };
      found = last && key ? keyOnly : last ? { offset: span.valueOffset, endOffset: span.endOffset } : keyOnly;
      current = value[step];
    }
  }
  return found;
}

/** 1-based range of an offset span, cut at the end of its first line (an object's squiggle is its opening line). */
function problemRange(
  lineStarts: readonly number[],
  text: string,
  offset: number,
  endOffset: number,
): Pick<ConfigProblem, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const lineBreak = text.slice(offset).search(/\r?\n|\r/);
  const firstLineEnd = lineBreak < 0 ? text.length : offset + lineBreak;
  const end = Math.max(offset, Math.min(endOffset, firstLineEnd));
  const range = rangeFromOffsets(lineStarts, offset, end);
  return { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}
