// What a rule's check of a language-neutral operation (model.ts) gets: the known key schemas, a
// table resolved from the operation's own terms, and a sink for findings. No parser is involved.
import type { Confidence, Finding, FindingData, RelatedLocation, Severity, SeverityOption } from '../analyzer/finding';
import type { DeclaredKeySchema, Operation } from '../operations/model';
import type { TableSchema } from '../schema/keySchema';
import type { SourceRange } from '../syntax/positions';
import type { AnalyzerRuleId } from './registry';

export interface OperationRuleOptions {
  tables: readonly TableSchema[];
  severities?: Partial<Record<AnalyzerRuleId, SeverityOption>>;
}

export interface ResolvedOperationTable {
  name: string;
  schema?: TableSchema;
  /** The schema's partition key is inferred from the file's own Queries of the table, not read from a source. */
  inferred?: boolean;
  /** With `inferred`: the partition key comes from a one-attribute Key of a get, update or delete, not a Query. */
  inferredFromKey?: boolean;
  /**
   * With no schema: the attributes every Key of the table in the file holds (get, update, delete),
   * so its whole primary key, whichever of them is the partition key.
   */
  keyAttributes?: readonly string[];
}

export interface OperationFindingInput {
  confidence: Confidence;
  message: string;
  table?: string;
  related?: RelatedLocation[];
  data: FindingData;
}

export interface OperationRuleContext {
  fileName: string;
  tables: readonly TableSchema[];
  /** The operation's table, resolved once for every rule. */
  table: ResolvedOperationTable | undefined;
  /** Related information every finding on the operation carries (table definition, wrapper call). */
  related: RelatedLocation[];
  /** The known table a statement names (PartiQL), as the front-end matches names. */
  tableNamed(name: string): TableSchema | undefined;
  report(rule: AnalyzerRuleId, range: SourceRange, finding: OperationFindingInput): void;
}

/** Builds the sink that turns reports into findings at the configured severities. */
export function findingSink(
  fileName: string,
  options: OperationRuleOptions,
  defaults: Readonly<Record<AnalyzerRuleId, Severity>>,
  out: Finding[],
): OperationRuleContext['report'] {
  return (rule, range, f) => {
    const severity = options.severities?.[rule] ?? defaults[rule];
    if (severity === 'off') return;
    out.push({
      ...range,
      rule,
      severity,
      confidence: f.confidence,
      file: fileName,
      message: f.message,
      ...(f.table !== undefined ? { table: f.table } : {}),
      ...(f.related && f.related.length > 0 ? { related: f.related } : {}),
      data: f.data,
    });
  };
}

/** The known table called `name`, or having it as an alias. */
export function tableNamed(tables: readonly TableSchema[], name: string): TableSchema | undefined {
  return tables.find((t) => t.name === name) ?? tables.find((t) => t.aliases.includes(name));
}

/** The table an operation names: a constant, an env var wired by infrastructure, an alias, or a model's own schema. */
export function resolveOperationTable(
  op: Operation,
  tables: readonly TableSchema[],
  fileName: string,
): ResolvedOperationTable | undefined {
  const ref = op.table;
  const byName = (name: string): TableSchema | undefined =>
    tables.find((t) => t.name === name) ?? tables.find((t) => t.aliases.includes(name));
  let found: ResolvedOperationTable | undefined;
  if (ref?.constant !== undefined) {
    const schema = byName(ref.constant);
    found = schema ? { name: schema.name, schema } : { name: ref.constant };
  } else if (ref?.envVar !== undefined) {
    const envVar = ref.envVar;
    const schema = tables.find((t) => t.envVars.includes(envVar));
    found = schema ? { name: schema.name, schema } : { name: ref.text };
  } else if (ref) {
    const schema = ref.names?.map((n) => tables.find((t) => t.aliases.includes(n))).find((t) => t !== undefined);
    found = schema ? { name: schema.name, schema } : { name: ref.text };
  }
  if (!found?.schema && op.declaredSchema) {
    // A model declared elsewhere in the project is a known table (discovery lists it under the model's name).
    const byModel = tables.find((t) => t.aliases.includes(op.declaredSchema?.model ?? ''));
    if (byModel) return { name: found?.name ?? byModel.name, schema: byModel };
    const name = found?.name ?? op.declaredSchema.model;
    return { name, schema: declaredTable(name, op.declaredSchema, fileName) };
  }
  return found;
}

/** A key schema declared in code (a PynamoDB model) as the table it describes; `fileName` when the model names no file. */
export function declaredTable(
  name: string,
  d: DeclaredKeySchema,
  fileName: string,
  envVars: string[] = [],
): TableSchema {
  return {
    name,
    aliases: [d.model],
    envVars,
    partitionKey: { name: d.partitionKey },
    ...(d.sortKey ? { sortKey: { name: d.sortKey } } : {}),
    indexes: d.indexes.map((i) => ({
      name: i.name,
      kind: i.kind,
      partitionKey: { name: i.partitionKey },
      ...(i.sortKey ? { sortKey: { name: i.sortKey } } : {}),
    })),
    source: {
      kind: 'orm',
      file: d.file ?? fileName,
      line: d.range.line,
      column: d.range.column,
      endLine: d.range.endLine,
      endColumn: d.range.endColumn,
      offset: d.range.offset,
      endOffset: d.range.endOffset,
    },
  };
}
