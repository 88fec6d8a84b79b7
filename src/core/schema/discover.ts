// Finds every key-schema source in a workspace (cheaply, by name and content), reads each file once
// with the right reader, and merges the results; unreadable files become problems, never throws.
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type * as ts from 'typescript';
import { forEachConcurrently } from '../concurrency';
import { schemasFromCdk } from './cdk';
import { schemasFromCloudFormation } from './cloudFormation';
import { schemasFromCreateTableCalls } from './codeTables';
import type { SchemaFileResult, SchemaProblem, TableSchema } from './keySchema';
import { applyEnvBindings, mergeSchemas } from './mergeSchemas';
import { schemasFromOrmModels } from './ormModels';
import { schemasFromServerless } from './serverless';
import { schemasFromTerraform } from './terraform';
import { parseTsFile } from './tsSource';
import type { ModuleLoader } from '../syntax/bindings';

export interface DiscoverOptions {
  /** Extra gitignore-style patterns, relative to the root. */
  ignore?: string[];
  /** Most candidate files to read; the walk stops with a problem beyond it. Default 5000. */
  maxFiles?: number;
  /** Folders below the root holding any of these names belong to another project: not read. */
  nestedProjectMarkers?: readonly string[];
}

export interface DiscoveryResult {
  tables: TableSchema[];
  /** Files that could not be read as schema sources (`line` when the parser knows it). */
  problems: SchemaProblem[];
}

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  'cdk.out',
  '.aws-sam',
  'dist',
  'build',
  '.serverless',
  '.terraform',
  'coverage',
  '.next',
  'out',
]);
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const SCRIPT_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const YAML_FILE = /\.ya?ml$/i;
const TEMPLATE_NAME = /(?:^|[./\\])template(?:\.[^./\\]+)?$|\.template(?:\.(?:ya?ml|json))?$/i;
const SERVERLESS_NAME = /^serverless\.(?:ya?ml|json)$/i;
// Each script marker holds a literal that `schemasFromScript` searches for before testing it.
const CDK_MARKERS = /aws-dynamodb|aws_dynamodb/;
/** A CDK file that imports no DynamoDB module but hands a table's name to a function (`props.orders.tableName`). */
const CDK_ENV_MARKERS = /\.table(?:Name|Arn|StreamArn)\b/;
const CDK_APP_MARKERS = /aws-cdk-lib|@aws-cdk\//;
const CODE_MARKERS = /CreateTableCommand|\.createTable\s*\(/;
const ORM_MARKERS = /electrodb|dynamoose|dynamodb-toolbox|dynamodb-onetable|@typedorm\//;
/** A model class a project module may re-export under its own name (`export { Table } from 'dynamodb-toolbox'`). */
const LOCAL_ORM_MARKERS = /\bnew\s+(?:Table|Entity)\s*\(/;
const TEMPLATE_MARKERS = /AWS::DynamoDB::|AWS::Serverless::SimpleTable/;

/** Whether a root-relative path lies in a folder discovery never reads (dependencies, build output). */
export function inSkippedSchemaDirectory(rel: string): boolean {
  return rel
    .split(/[\\/]/)
    .slice(0, -1)
    .some((part) => SKIPPED_DIRECTORIES.has(part));
}

/** Whether a file could hold a schema, judged by its name only (before reading it). */
export function isSchemaCandidate(file: string): boolean {
  const base = path.basename(file);
  if (/\.d\.[cm]?ts$/i.test(base) || /\.min\.js$/i.test(base)) return false;
  return (
    SERVERLESS_NAME.test(base) ||
    /\.tf$/i.test(base) ||
    YAML_FILE.test(base) ||
    TEMPLATE_NAME.test(base) ||
    SCRIPT_FILE.test(base)
  );
}

/** Every table one file defines, by the reader its name and content call for. Never throws. */
/** A parse a caller can pick up: a script read for key schemas leaves its syntax tree here, for reuse. */
export interface ParseSink {
  sourceFile?: ts.SourceFile;
}

/** What the caller already knows of a script's text, which spares searching it again. */
export interface ScriptFacts {
  /**
   * The analysis pre-filter (`mightMatter`) rejected it, so it holds none of `dynamo`,
   * `electrodb` and `typedorm` (the pre-filter's pattern matches each).
   */
  rejectedByPrefilter?: boolean;
}

/** `modules`, when given, lets ORM and CDK readers follow imports of the project's own modules. */
export function schemasFromFile(
  file: string,
  text: string,
  sink?: ParseSink,
  modules?: ModuleLoader,
  facts: ScriptFacts = {},
): SchemaFileResult {
  const empty: SchemaFileResult = { tables: [], envBindings: [], problems: [] };
  const base = path.basename(file);
  try {
    if (SERVERLESS_NAME.test(base)) return schemasFromServerless(file, text);
    if (/\.tf$/i.test(base))
      return /aws_dynamodb_table|dynamodb-table|dynamodb_table_/.test(text) ? schemasFromTerraform(file, text) : empty;
    if (YAML_FILE.test(base) || TEMPLATE_NAME.test(base) || /\.json$/i.test(base)) {
      const looksLikeTemplate = TEMPLATE_MARKERS.test(text) || (TEMPLATE_NAME.test(base) && /Resources/.test(text));
      return looksLikeTemplate ? schemasFromCloudFormation(file, text) : empty;
    }
    if (SCRIPT_FILE.test(base) && !/\.d\.[cm]?ts$/i.test(base))
      return schemasFromScript(file, text, sink, modules, facts);
    return empty;
  } catch (error) {
    return { ...empty, problems: [{ file, message: `could not read key schemas: ${(error as Error).message}` }] };
  }
}

function schemasFromScript(
  file: string,
  text: string,
  sink: ParseSink | undefined,
  modules: ModuleLoader | undefined,
  facts: ScriptFacts,
): SchemaFileResult {
  // Every script of a project comes here and nearly none holds a schema: a search for a literal
  // each marker contains rules most of them out at a fraction of the patterns' cost, and what the
  // pre-filter already ruled out is not searched for again.
  const known = !facts.rejectedByPrefilter;
  const dynamo = known && text.includes('dynamo');
  const table = text.includes('Table');
  const cdk =
    (dynamo && CDK_MARKERS.test(text)) ||
    (text.includes('aws-cdk') && CDK_APP_MARKERS.test(text) && CDK_ENV_MARKERS.test(text));
  const orm =
    ((dynamo || (known && (text.includes('electrodb') || text.includes('typedorm')))) && ORM_MARKERS.test(text)) ||
    (modules !== undefined && (table || text.includes('Entity')) && LOCAL_ORM_MARKERS.test(text));
  const readers = [
    cdk ? schemasFromCdk : undefined,
    table && CODE_MARKERS.test(text) ? schemasFromCreateTableCalls : undefined,
    orm ? schemasFromOrmModels : undefined,
  ].filter((r) => r !== undefined);
  const result: SchemaFileResult = { tables: [], envBindings: [], problems: [] };
  if (readers.length === 0) return result;
  const parsed = parseTsFile(file, text, modules);
  if (sink) sink.sourceFile = parsed.sourceFile;
  for (const reader of readers) {
    const part = reader(file, text, parsed);
    result.tables.push(...part.tables);
    result.envBindings.push(...part.envBindings);
    result.problems.push(...part.problems);
  }
  return result;
}

interface IgnoreScope {
  /** Directory of the .gitignore, relative to the root, '' for the root. */
  base: string;
  rules: Ignore;
}

export async function discoverSchemas(root: string, options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const found = await discoverSchemaFiles(root, options);
  return {
    tables: mergeSchemaFiles(found.files.map((f) => f.result)),
    problems: [...found.problems, ...found.files.flatMap((f) => f.result.problems)],
  };
}

/** One file's contribution to a workspace's key schemas, kept apart so an editor can replace it when the file changes. */
export interface SchemaFile {
  file: string;
  result: SchemaFileResult;
}

/** Merges per-file results (in a stable order) into one schema per table, env-var wiring across files applied. */
export function mergeSchemaFiles(results: readonly SchemaFileResult[]): TableSchema[] {
  const tables = mergeSchemas(results.map((r) => r.tables));
  applyEnvBindings(
    tables,
    results.flatMap((r) => r.envBindings),
  );
  return tables;
}

/** Every candidate file's schemas, sorted by path; `problems` are those of the walk itself. */
export async function discoverSchemaFiles(
  root: string,
  options: DiscoverOptions = {},
): Promise<{ files: SchemaFile[]; problems: SchemaProblem[] }> {
  const maxFiles = options.maxFiles ?? 5000;
  const problems: SchemaProblem[] = [];
  const candidates: string[] = [];
  const scopes: IgnoreScope[] = [];
  if (options.ignore?.length) scopes.push({ base: '', rules: ignore().add(options.ignore) });
  let truncated = false;

  const ignored = (rel: string, isDirectory: boolean): boolean => {
    for (const scope of scopes) {
      if (scope.base && !rel.startsWith(`${scope.base}/`)) continue;
      const inner = scope.base ? rel.slice(scope.base.length + 1) : rel;
      if (scope.rules.ignores(isDirectory ? `${inner}/` : inner)) return true;
    }
    return false;
  };

  const walk = async (relDir: string): Promise<void> => {
    if (truncated) return;
    const absDir = path.join(root, relDir);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absDir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: absDir, message: `could not list directory: ${(error as Error).message}` });
      return;
    }
    if (relDir !== '' && entries.some((e) => options.nestedProjectMarkers?.includes(e.name))) return;
    if (entries.some((e) => e.isFile() && e.name === '.gitignore')) {
      try {
        const text = await fs.readFile(path.join(absDir, '.gitignore'), 'utf8');
        scopes.push({ base: relDir, rules: ignore().add(text) });
      } catch {
        // An unreadable .gitignore only means nothing is ignored by it.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || ignored(rel, true)) continue;
        await walk(rel);
      } else if (entry.isFile() && isSchemaCandidate(entry.name) && !ignored(rel, false)) {
        if (candidates.length >= maxFiles) {
          truncated = true;
          return;
        }
        candidates.push(rel);
      }
    }
  };
  await walk('');
  if (truncated)
    problems.push({
      file: root,
      message: `stopped after ${maxFiles} candidate files; raise maxFiles or add ignore patterns`,
    });

  const results: { file: string; result: SchemaFileResult }[] = [];
  // Reads overlap a little; parsing is synchronous, so more concurrency would not help on 2 cores.
  await forEachConcurrently(candidates, 4, async (rel) => {
    const file = path.join(root, rel);
    const result = await readCandidate(file);
    if (result) results.push({ file, result });
  });

  // Worker completion order is not stable; sort so merges (and their ties) are deterministic.
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files: results, problems };
}

/** Merges what each schema file defines, in file order so that merges (and their ties) are deterministic. */
export function combineSchemaResults(results: readonly SchemaFile[]): DiscoveryResult {
  const sorted = [...results].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { tables: mergeSchemaFiles(sorted.map((r) => r.result)), problems: sorted.flatMap((r) => r.result.problems) };
}

/** Whether a file is a schema source that is not JS/TS (templates, serverless.yml, Terraform), by name. */
export function isInfrastructureFile(file: string): boolean {
  return isSchemaCandidate(file) && !SCRIPT_FILE.test(path.basename(file));
}

/** Largest file read as a schema source. */
export const MAX_SCHEMA_FILE_BYTES = MAX_FILE_BYTES;

async function readCandidate(file: string): Promise<SchemaFileResult | undefined> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_FILE_BYTES) return undefined;
    const buffer = await fs.readFile(file);
    // Binary files are not schema sources.
    if (buffer.subarray(0, 8000).includes(0)) return undefined;
    return schemasFromFile(file, buffer.toString('utf8'));
  } catch (error) {
    return {
      tables: [],
      envBindings: [],
      problems: [{ file, message: `could not read file: ${(error as Error).message}` }],
    };
  }
}
