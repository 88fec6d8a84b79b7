// Key schemas from Terraform `aws_dynamodb_table` resources, and `aws_lambda_function` environment
// variables that reference them (possibly from another .tf file of the module).
import { HclSyntaxError, hclExpressionText, isHclObject, parseHcl, type HclBlock, type HclValue } from './hclReader';
import type { EnvBinding, IndexSchema, KeyAttribute, SchemaFileResult, TableSchema } from './keySchema';
import { attributeType, sourceAt } from './schemaSource';
import { serviceOf } from './serviceScope';
import { computeLineStarts } from '../syntax/positions';

export function schemasFromTerraform(file: string, text: string): SchemaFileResult {
  let blocks: HclBlock[];
  try {
    blocks = parseHcl(text);
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    const line = text.slice(0, error.offset).split('\n').length;
    return { tables: [], envBindings: [], problems: [{ file, message: `invalid HCL: ${error.message}`, line }] };
  }
  const lineStarts = computeLineStarts(text);
  const variables = knownValues(blocks);
  const tables: TableSchema[] = [];
  for (const block of blocks) {
    if (block.type !== 'resource' || block.labels[0] !== 'aws_dynamodb_table' || !block.labels[1]) continue;
    const table = tableFromBlock(block, block.labels[1], variables, file, lineStarts);
    if (table) tables.push(table);
  }
  for (const block of blocks) {
    if (block.type !== 'module' || !block.labels[0] || !isDynamoDbTableModule(block)) continue;
    const table = tableFromModule(block, block.labels[0], variables, file, lineStarts);
    if (table) tables.push(table);
  }
  for (const table of tables) table.service = serviceOf(file);
  const envBindings: EnvBinding[] = [];
  for (const block of blocks) {
    // `aws_lambda_function` environment blocks, or a module's `environment_variables` (terraform-aws-modules/lambda).
    const isFunction = block.type === 'resource' && block.labels[0] === 'aws_lambda_function';
    const environments = isFunction
      ? block.blocks.filter((b) => b.type === 'environment').map((b) => b.attributes.variables)
      : block.type === 'module'
        ? [block.attributes.environment_variables]
        : [];
    for (const variablesValue of environments) {
      if (!isHclObject(variablesValue)) continue;
      for (const [envVar, value] of Object.entries(variablesValue.entries)) {
        const target = tableReference(value, variables);
        if (!target) continue;
        const table = tables.find((t) => t.name === target || t.aliases.includes(target));
        if (table) {
          if (!table.envVars.includes(envVar)) table.envVars.push(envVar);
        } else if (target.startsWith('aws_dynamodb_table.') || target.startsWith('module.')) {
          // Literal strings only match tables of this file; references can point anywhere in the module.
          envBindings.push({ envVar, table: target, file });
        }
      }
    }
  }
  return { tables, envBindings, problems: [] };
}

function tableFromBlock(
  block: HclBlock,
  resourceName: string,
  variables: Map<string, string>,
  file: string,
  lineStarts: readonly number[],
): TableSchema | undefined {
  return tableFrom(
    {
      attrs: block.attributes,
      attributeDefinitions: block.blocks.filter((b) => b.type === 'attribute').map((b) => b.attributes),
      indexes: block.blocks.flatMap((index) =>
        index.type === 'global_secondary_index' || index.type === 'local_secondary_index'
          ? [
              {
                kind: index.type === 'global_secondary_index' ? ('GSI' as const) : ('LSI' as const),
                fields: index.attributes,
              },
            ]
          : [],
      ),
      label: resourceName,
      aliases: [resourceName, `aws_dynamodb_table.${resourceName}`],
      // Terraform's default billing mode.
      defaultBilling: 'PROVISIONED',
    },
    variables,
    sourceAt('terraform', file, lineStarts, block.offset, block.endOffset),
  );
}

/** `var.x` defaults and `local.x` values that are plain strings, for resolving names. */
function knownValues(blocks: HclBlock[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const block of blocks) {
    if (block.type === 'variable' && block.labels[0] && typeof block.attributes.default === 'string')
      values.set(`var.${block.labels[0]}`, block.attributes.default);
    if (block.type === 'locals') {
      for (const [name, value] of Object.entries(block.attributes))
        if (typeof value === 'string') values.set(`local.${name}`, value);
    }
  }
  return values;
}

/** A string with known `${var.x}`/`${local.x}` substituted; unknown references stay as `${...}`. */
function text(value: HclValue | undefined, variables: Map<string, string>): string | undefined {
  if (typeof value === 'string')
    return value.replace(
      /\$\{\s*((?:var|local)\.[A-Za-z0-9_]+)\s*\}/g,
      (whole, ref: string) => variables.get(ref) ?? whole,
    );
  const expression = hclExpressionText(value);
  if (expression === undefined) return undefined;
  return variables.get(expression) ?? `\${${expression}}`;
}

/**
 * `aws_dynamodb_table.x.name|id|arn` (bare or interpolated) → `aws_dynamodb_table.x`;
 * `module.x.dynamodb_table_id|arn` → `module.x`; a literal name as is.
 */
function tableReference(value: HclValue, variables: Map<string, string>): string | undefined {
  const expression = hclExpressionText(value) ?? (typeof value === 'string' ? value : undefined);
  const match = expression && /aws_dynamodb_table\.([A-Za-z0-9_-]+)\.(?:name|id|arn|stream_arn)\b/.exec(expression);
  if (match) return `aws_dynamodb_table.${match[1]}`;
  const moduleMatch =
    expression && /\bmodule\.([A-Za-z0-9_-]+)\.dynamodb_table_(?:id|arn|stream_arn)\b/.exec(expression);
  if (moduleMatch) return `module.${moduleMatch[1]}`;
  return typeof value === 'string' ? text(value, variables) : undefined;
}

const TABLE_MODULE =
  /^(?:(?:registry\.terraform\.io|app\.terraform\.io)\/)?terraform-aws-modules\/dynamodb-table\/aws(?:\/\/.*)?$|terraform-aws-modules\/terraform-aws-dynamodb-table/;

function isDynamoDbTableModule(block: HclBlock): boolean {
  const source = block.attributes.source;
  return typeof source === 'string' && TABLE_MODULE.test(source.trim());
}

/**
 * The `terraform-aws-modules/dynamodb-table/aws` module: `name`, `hash_key`, `range_key`,
 * `attributes = [{ name, type }]` and index lists of objects shaped like the resource's blocks.
 */
function tableFromModule(
  block: HclBlock,
  moduleName: string,
  variables: Map<string, string>,
  file: string,
  lineStarts: readonly number[],
): TableSchema | undefined {
  const attrs = block.attributes;
  return tableFrom(
    {
      attrs,
      attributeDefinitions: objectsOf(attrs.attributes),
      indexes: [
        ...objectsOf(attrs.global_secondary_indexes).map((fields) => ({ kind: 'GSI' as const, fields })),
        ...objectsOf(attrs.local_secondary_indexes).map((fields) => ({ kind: 'LSI' as const, fields })),
      ],
      label: moduleName,
      aliases: [moduleName, `module.${moduleName}`],
      // The module's default billing mode.
      defaultBilling: 'PAY_PER_REQUEST',
    },
    variables,
    sourceAt('terraform', file, lineStarts, block.offset, block.endOffset),
  );
}

/** A table as a resource block or the module declares it, in the terms both share. */
interface TableDeclaration {
  /** `name`, `hash_key`, `range_key`, `billing_mode`. */
  attrs: Record<string, HclValue>;
  /** `{ name, type }` of each attribute. */
  attributeDefinitions: Record<string, HclValue>[];
  /** `name`, `hash_key` (GSIs), `range_key`, `projection_type` of each index. */
  indexes: Array<{ kind: 'GSI' | 'LSI'; fields: Record<string, HclValue> }>;
  /** The resource or module label: the table's name when `name` does not resolve. */
  label: string;
  aliases: string[];
  defaultBilling: 'PROVISIONED' | 'PAY_PER_REQUEST';
}

function tableFrom(
  d: TableDeclaration,
  variables: Map<string, string>,
  source: TableSchema['source'],
): TableSchema | undefined {
  const types = new Map<string, string>();
  for (const attribute of d.attributeDefinitions) {
    const name = text(attribute.name, variables);
    const type = text(attribute.type, variables);
    if (name && type) types.set(name, type);
  }
  const key = (value: HclValue | undefined): KeyAttribute | undefined => {
    const name = text(value, variables);
    if (!name) return undefined;
    const type = attributeType(types.get(name));
    return type ? { name, type } : { name };
  };
  const partitionKey = key(d.attrs.hash_key);
  if (!partitionKey) return undefined;
  const sortKey = key(d.attrs.range_key);
  const indexes: IndexSchema[] = [];
  for (const { kind, fields } of d.indexes) {
    const name = text(fields.name, variables);
    // An LSI has the table's partition key; Terraform declares only its range key.
    const indexPartition = kind === 'LSI' ? partitionKey : key(fields.hash_key);
    if (!name || !indexPartition) continue;
    const indexSort = key(fields.range_key);
    const projection = text(fields.projection_type, variables);
    indexes.push({
      name,
      kind,
      partitionKey: indexPartition,
      ...(indexSort ? { sortKey: indexSort } : {}),
      ...(projection ? { projection } : {}),
    });
  }
  const physical = text(d.attrs.name, variables) ?? d.label;
  const billing = text(d.attrs.billing_mode, variables);
  const other = d.defaultBilling === 'PROVISIONED' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  return {
    name: physical,
    aliases: [...new Set(d.aliases.filter((a) => a !== physical))],
    envVars: [],
    partitionKey,
    ...(sortKey ? { sortKey } : {}),
    indexes,
    billingMode: billing === other ? other : d.defaultBilling,
    source,
  };
}

function objectsOf(value: HclValue | undefined): Record<string, HclValue>[] {
  return Array.isArray(value) ? value.filter(isHclObject).map((o) => o.entries) : [];
}
