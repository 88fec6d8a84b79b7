// Key schemas and env-var wiring from CloudFormation and SAM templates (YAML or JSON).
import type { IndexSchema, KeyAttribute, SchemaFileResult, SchemaSourceKind, TableSchema } from './keySchema';
import { attributeType, sourceAt } from './schemaSource';
import { addHandlers, handlerFile, serviceOf } from './serviceScope';
import {
  asArray,
  asObject,
  asString,
  parseTemplate,
  type TemplateDocument,
  type TemplateObject,
  type TemplateValue,
} from './templateDocument';

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable']);
const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/** Resolves a plain string value of the template (serverless `${self:...}` variables); identity for CloudFormation. */
export type StringResolver = (value: string) => string;

export function schemasFromCloudFormation(file: string, text: string): SchemaFileResult {
  const parsed = parseTemplate(text, /\.json$/i.test(file));
  if (!parsed.ok)
    return {
      tables: [],
      envBindings: [],
      problems: [{ file, message: parsed.message, ...(parsed.line ? { line: parsed.line } : {}) }],
    };
  const root = asObject(parsed.document.root);
  const resources = asObject(root?.Resources);
  if (!root || !resources) return { tables: [], envBindings: [], problems: [] };
  const tables = tablesFromResources(parsed.document, resources, file, 'cloudformation');
  for (const table of tables) table.service = serviceOf(file);
  wireTemplateFunctions(tables, root, resources, file);
  return { tables, envBindings: [], problems: [] };
}

/** Table resources of a `Resources` mapping; the logical id becomes an alias. */
export function tablesFromResources(
  doc: TemplateDocument,
  resources: TemplateObject,
  file: string,
  kind: SchemaSourceKind,
  resolve: StringResolver = (s) => s,
): TableSchema[] {
  const spans = doc.keySpans.get(resources);
  const tables: TableSchema[] = [];
  for (const [logicalId, value] of Object.entries(resources)) {
    const resource = asObject(value);
    const type = asString(resource?.Type);
    if (!resource || !type || !TABLE_TYPES.has(type)) continue;
    const props = asObject(resource.Properties) ?? {};
    const span = spans?.get(logicalId) ?? { offset: 0, endOffset: 0 };
    const source = sourceAt(kind, file, doc.lineStarts, span.offset, span.endOffset);
    const physical = tableNameText(props.TableName, resolve);
    const name = physical ?? logicalId;
    const base = { name, aliases: name === logicalId ? [] : [logicalId], envVars: [], source };
    if (type === 'AWS::Serverless::SimpleTable') {
      const primary = asObject(props.PrimaryKey);
      // SAM's documented default primary key.
      const partitionKey: KeyAttribute = {
        name: asString(primary?.Name) ?? 'id',
        type: attributeType(asString(primary?.Type)) ?? 'S',
      };
      tables.push({
        ...base,
        partitionKey,
        indexes: [],
        billingMode: props.ProvisionedThroughput ? 'PROVISIONED' : 'PAY_PER_REQUEST',
      });
      continue;
    }
    const keys = keysFromTableDefinition(props);
    if (keys) tables.push({ ...base, ...keys });
  }
  return tables;
}

export type TableKeys = Pick<TableSchema, 'partitionKey' | 'sortKey' | 'indexes' | 'billingMode'>;

/**
 * Keys, indexes and billing mode from the DynamoDB API's table shape (`KeySchema`,
 * `AttributeDefinitions`, `GlobalSecondaryIndexes`, ...), shared by CloudFormation and CreateTable.
 */
export function keysFromTableDefinition(props: TemplateObject): TableKeys | undefined {
  const types = attributeTypes(props.AttributeDefinitions);
  const keys = keySchema(props.KeySchema, types);
  if (!keys) return undefined;
  const indexes = [
    ...indexSchemas(props.GlobalSecondaryIndexes, 'GSI', types),
    ...indexSchemas(props.LocalSecondaryIndexes, 'LSI', types),
  ];
  const billing = asString(props.BillingMode);
  return {
    partitionKey: keys.partitionKey,
    ...(keys.sortKey ? { sortKey: keys.sortKey } : {}),
    indexes,
    ...(billing === 'PAY_PER_REQUEST' || billing === 'PROVISIONED' ? { billingMode: billing } : {}),
  };
}

/** SAM `Globals.Function.Environment` and every function's own `Environment.Variables`, with the handler files they reach. */
function wireTemplateFunctions(
  tables: TableSchema[],
  root: TemplateObject,
  resources: TemplateObject,
  file: string,
): void {
  const globalFunction = asObject(asObject(root.Globals)?.Function);
  const base = serviceOf(file).root;
  const functions: { variables: TemplateObject | undefined; handlers: string[] }[] = [];
  for (const value of Object.values(resources)) {
    const resource = asObject(value);
    if (!resource || !FUNCTION_TYPES.has(asString(resource.Type) ?? '')) continue;
    const props = asObject(resource.Properties);
    const handler = asString(props?.Handler) ?? asString(globalFunction?.Handler);
    const codeUri = asString(props?.CodeUri) ?? asString(globalFunction?.CodeUri) ?? '';
    // An S3 location or a zip is no source folder.
    const handlerPath = handler && !/^s3:|\.zip$/i.test(codeUri) ? handlerFile(base, handler, codeUri) : undefined;
    functions.push({
      variables: asObject(asObject(props?.Environment)?.Variables),
      handlers: handlerPath ? [handlerPath] : [],
    });
  }
  wireEnvironment(
    tables,
    asObject(asObject(globalFunction?.Environment)?.Variables),
    undefined,
    functions.flatMap((f) => f.handlers),
  );
  for (const fn of functions) wireEnvironment(tables, fn.variables, undefined, fn.handlers);
}

/**
 * Adds each variable whose value names exactly one table (a `Ref`, `GetAtt`, `Sub` of its logical
 * id, or its physical name) to that table's `envVars`.
 */
export function wireEnvironment(
  tables: TableSchema[],
  variables: TemplateObject | undefined,
  resolve: StringResolver = (s) => s,
  handlers: readonly string[] = [],
): void {
  if (!variables) return;
  for (const [envVar, value] of Object.entries(variables)) {
    const targets = new Set<TableSchema>();
    for (const ref of referencedNames(value, resolve)) {
      const table = tables.find((t) => t.name === ref || t.aliases.includes(ref));
      if (table) targets.add(table);
    }
    if (targets.size !== 1) continue;
    const [table] = [...targets];
    if (!table) continue;
    if (!table.envVars.includes(envVar)) table.envVars.push(envVar);
    addHandlers(table, handlers);
  }
}

/** Logical ids and literal names a value refers to, looking through nested intrinsics. */
function referencedNames(value: TemplateValue, resolve: StringResolver, depth = 0): string[] {
  if (depth > 20 || value === null) return [];
  if (typeof value === 'string') return [resolve(value)];
  if (typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => referencedNames(v, resolve, depth + 1));
  if (typeof value.Ref === 'string') return [value.Ref];
  const getAtt = value['Fn::GetAtt'];
  if (getAtt !== undefined) {
    const target = Array.isArray(getAtt) ? asString(getAtt[0]) : asString(getAtt)?.split('.')[0];
    return target ? [target] : [];
  }
  const sub = value['Fn::Sub'];
  if (sub !== undefined) {
    const template = Array.isArray(sub) ? asString(sub[0]) : asString(sub);
    return [...(template ?? '').matchAll(/\$\{([A-Za-z0-9_]+)(?:\.[A-Za-z]+)?\}/g)].map((m) => m[1] as string);
  }
  return Object.values(value).flatMap((v) => referencedNames(v, resolve, depth + 1));
}

/** A physical name: a literal, or a `Sub`/`Join`/parameter `Ref` kept as template text. */
function tableNameText(value: TemplateValue | undefined, resolve: StringResolver): string | undefined {
  if (typeof value === 'string') return resolve(value);
  const obj = asObject(value);
  if (!obj) return undefined;
  if (typeof obj.Ref === 'string') return `\${${obj.Ref}}`;
  const sub = obj['Fn::Sub'];
  if (sub !== undefined) return Array.isArray(sub) ? asString(sub[0]) : asString(sub);
  const join = asArray(obj['Fn::Join']);
  const separator = asString(join[0]);
  const parts = asArray(join[1]);
  if (separator !== undefined && parts.length > 0) {
    const texts = parts.map((p) => tableNameText(p, resolve));
    if (texts.every((t) => t !== undefined)) return texts.join(separator);
  }
  return undefined;
}

function attributeTypes(definitions: TemplateValue | undefined): Map<string, string> {
  const types = new Map<string, string>();
  for (const def of asArray(definitions)) {
    const obj = asObject(def);
    const name = asString(obj?.AttributeName);
    const type = asString(obj?.AttributeType);
    if (name && type) types.set(name, type);
  }
  return types;
}

function keySchema(
  value: TemplateValue | undefined,
  types: Map<string, string>,
): { partitionKey: KeyAttribute; sortKey?: KeyAttribute } | undefined {
  let partitionKey: KeyAttribute | undefined;
  let sortKey: KeyAttribute | undefined;
  for (const element of asArray(value)) {
    const obj = asObject(element);
    const name = asString(obj?.AttributeName);
    if (!name) continue;
    const type = attributeType(types.get(name));
    const attribute: KeyAttribute = type ? { name, type } : { name };
    const keyType = asString(obj?.KeyType);
    if (keyType === 'HASH') partitionKey = attribute;
    else if (keyType === 'RANGE') sortKey = attribute;
  }
  return partitionKey ? { partitionKey, ...(sortKey ? { sortKey } : {}) } : undefined;
}

function indexSchemas(
  value: TemplateValue | undefined,
  kind: 'GSI' | 'LSI',
  types: Map<string, string>,
): IndexSchema[] {
  const indexes: IndexSchema[] = [];
  for (const element of asArray(value)) {
    const obj = asObject(element);
    const name = asString(obj?.IndexName);
    const keys = keySchema(obj?.KeySchema, types);
    if (!obj || !name || !keys) continue;
    const projection = asString(asObject(obj.Projection)?.ProjectionType);
    indexes.push({ name, kind, ...keys, ...(projection ? { projection } : {}) });
  }
  return indexes;
}
