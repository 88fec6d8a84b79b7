// Key schemas from ORM model definitions: ElectroDB entities, dynamoose schemas and models,
// dynamodb-toolbox and TypeDORM tables, and dynamodb-onetable schemas.
import * as ts from 'typescript';
import { assignedName, forEachNode } from '../syntax/nodes';
import type { IndexSchema, KeyAttribute, OrmLibrary, SchemaFileResult, SchemaSource, TableSchema } from './keySchema';
import { attributeType, sourceAt } from './schemaSource';
import {
  asArray,
  asObject,
  asString,
  isTemplateObject,
  type TemplateObject,
  type TemplateValue,
} from './templateDocument';
import {
  constInitializer,
  envVarOf,
  expressionText,
  parseTsFile,
  resolveReference,
  toValue,
  type TsFile,
} from './tsSource';

/** `parsed` lets a caller that already parsed the file (discovery) share one parse between readers. */
export function schemasFromOrmModels(file: string, text: string, parsed?: TsFile): SchemaFileResult {
  const tsFile = parsed ?? parseTsFile(file, text);
  const lineStarts = tsFile.sourceFile.getLineStarts();
  const tables: TableSchema[] = [];
  const source = (node: ts.Node): SchemaSource =>
    sourceAt('orm', file, lineStarts, node.getStart(tsFile.sourceFile), node.end);

  forEachNode(tsFile.sourceFile, (node) => {
    if (ts.isNewExpression(node)) {
      const ref = resolveReference(tsFile, node.expression);
      const first = node.arguments?.[0];
      if (!ref || !first) return;
      const props = asObject(toValue(tsFile, first));
      if (!props) return;
      let table: TableSchema | undefined;
      if (ref.module === 'electrodb' && ref.name === 'Entity') {
        const config = node.arguments?.[1] ? asObject(toValue(tsFile, node.arguments[1])) : undefined;
        table = electroEntity(props, config, source(node));
      } else if (ref.module.startsWith('dynamodb-toolbox') && ref.name === 'Table') {
        // A factory's table named by its caller (`new Table({ name, ... })`) is known by the factory.
        table = keyedTable(props, 'dynamodb-toolbox', source(node), assignedName(node) ?? enclosingFunctionName(node));
      } else if (ref.module.startsWith('@typedorm/') && ref.name === 'Table') {
        table = keyedTable(props, 'typedorm', source(node));
      } else if (ref.module === 'dynamodb-onetable' && ref.name === 'Table') {
        table = oneTable(props, source(node));
      }
      if (table) tables.push(withVariable(table, assignedName(node)));
    } else if (ts.isCallExpression(node)) {
      const ref = resolveReference(tsFile, node.expression);
      if (ref?.module !== 'dynamoose' || ref.name !== 'model') return;
      const table = dynamooseModel(tsFile, node, source(node));
      if (table) tables.push(withVariable(table, assignedName(node)));
    }
  });
  return { tables, envBindings: [], problems: [] };
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn) return undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name.text;
  const holder = fn.parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

function withVariable(table: TableSchema, variable: string | undefined): TableSchema {
  if (variable && variable !== table.name && !table.aliases.includes(variable)) table.aliases.push(variable);
  return table;
}

/** Name and env vars of a table given as a literal or `process.env.X`; the fallback names the model. */
function tableName(
  value: TemplateValue | undefined,
  fallback: string | undefined,
): { name: string; envVars: string[] } | undefined {
  const literal = asString(value);
  if (literal) return { name: literal, envVars: [] };
  const envVar = envVarOf(value) ?? envVarWithin(value);
  if (envVar) return { name: fallback ?? envVar, envVars: [envVar] };
  return fallback ? { name: fallback, envVars: [] } : undefined;
}

/** `name || String(process.env.DB_TABLE)`: the first env var an expression reads. */
function envVarWithin(value: TemplateValue | undefined): string | undefined {
  const text = expressionText(value);
  const match = text && /\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])/.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}

function electroEntity(
  schema: TemplateObject,
  config: TemplateObject | undefined,
  source: SchemaSource,
): TableSchema | undefined {
  const model = asObject(schema.model);
  const entity = asString(model?.entity);
  let primary: { partitionKey: KeyAttribute; sortKey?: KeyAttribute; composite?: string[] } | undefined;
  const indexes: IndexSchema[] = [];
  for (const value of Object.values(asObject(schema.indexes) ?? {})) {
    const index = asObject(value);
    const pk = asObject(index?.pk);
    const field = asString(pk?.field);
    if (!index || !field) continue;
    // ElectroDB keys are always strings it composes from the composite attributes.
    const partitionKey: KeyAttribute = { name: field, type: 'S' };
    const sortField = asString(asObject(index.sk)?.field);
    const sortKey: KeyAttribute | undefined = sortField ? { name: sortField, type: 'S' } : undefined;
    const composite = stringList(pk?.composite);
    const indexName = asString(index.index);
    if (indexName === undefined) {
      primary = { partitionKey, ...(sortKey ? { sortKey } : {}), ...(composite ? { composite } : {}) };
    } else {
      // ElectroDB has no LSI concept of its own: an index sharing the table's pk field is local.
      const kind = asString(index.type) === 'local' ? 'LSI' : 'GSI';
      indexes.push({
        name: indexName,
        kind,
        partitionKey,
        ...(sortKey ? { sortKey } : {}),
        ...(composite ? { partitionComposite: composite } : {}),
      });
    }
  }
  if (!primary) return undefined;
  const named = tableName(config?.table ?? schema.table, entity);
  if (!named) return undefined;
  return {
    name: named.name,
    aliases: entity && entity !== named.name ? [entity] : [],
    envVars: named.envVars,
    partitionKey: primary.partitionKey,
    ...(primary.sortKey ? { sortKey: primary.sortKey } : {}),
    indexes,
    source,
    ...(primary.composite ? { partitionComposite: primary.composite } : {}),
    orm: { library: 'electrodb', ...(entity ? { entity } : {}) },
  };
}

/** dynamodb-toolbox (v0 string keys, v1 `{ name, type }` keys) and TypeDORM tables. */
function keyedTable(
  props: TemplateObject,
  library: OrmLibrary,
  source: SchemaSource,
  fallbackName?: string,
): TableSchema | undefined {
  const partitionKey = ormKey(props.partitionKey);
  const named = tableName(props.name, undefined) ?? (fallbackName ? { name: fallbackName, envVars: [] } : undefined);
  if (!partitionKey || !named) return undefined;
  const sortKey = ormKey(props.sortKey);
  const indexes: IndexSchema[] = [];
  for (const [name, value] of Object.entries(asObject(props.indexes) ?? {})) {
    const def = asObject(value);
    if (!def) continue;
    const typeText = (asString(def.type) ?? expressionText(def.type) ?? '').toLowerCase();
    const ownPartition = ormKey(def.partitionKey);
    // v0 and TypeDORM mark local indexes by omitting the partition key (or INDEX_TYPE.LSI).
    const kind = typeText.endsWith('local') || typeText.endsWith('lsi') || !ownPartition ? 'LSI' : 'GSI';
    const indexSort = ormKey(def.sortKey);
    indexes.push({
      name,
      kind,
      partitionKey: kind === 'LSI' ? partitionKey : (ownPartition as KeyAttribute),
      ...(indexSort ? { sortKey: indexSort } : {}),
    });
  }
  return {
    name: named.name,
    aliases: [],
    envVars: named.envVars,
    partitionKey,
    ...(sortKey ? { sortKey } : {}),
    indexes,
    source,
    orm: { library },
  };
}

function ormKey(value: TemplateValue | undefined): KeyAttribute | undefined {
  const name = asString(value) ?? asString(asObject(value)?.name);
  if (!name) return undefined;
  const type = attributeType(asString(asObject(value)?.type));
  return type ? { name, type } : { name };
}

function oneTable(props: TemplateObject, source: SchemaSource): TableSchema | undefined {
  const indexes = asObject(asObject(props.schema)?.indexes);
  const primary = asObject(indexes?.primary);
  const hash = asString(primary?.hash);
  const named = tableName(props.name, undefined);
  if (!indexes || !primary || !hash || !named) return undefined;
  const partitionKey: KeyAttribute = { name: hash };
  const sort = asString(primary.sort);
  const list: IndexSchema[] = [];
  for (const [name, value] of Object.entries(indexes)) {
    const def = asObject(value);
    if (name === 'primary' || !def) continue;
    const kind = asString(def.type) === 'local' ? 'LSI' : 'GSI';
    const indexHash = kind === 'LSI' ? hash : asString(def.hash);
    if (!indexHash) continue;
    const indexSort = asString(def.sort);
    const project = asString(def.project);
    list.push({
      name,
      kind,
      partitionKey: { name: indexHash },
      ...(indexSort ? { sortKey: { name: indexSort } } : {}),
      ...(project ? { projection: project.toUpperCase() === 'KEYS' ? 'KEYS_ONLY' : project.toUpperCase() } : {}),
    });
  }
  return {
    name: named.name,
    aliases: [],
    envVars: named.envVars,
    partitionKey,
    ...(sort ? { sortKey: { name: sort } } : {}),
    indexes: list,
    source,
    orm: { library: 'onetable' },
  };
}

function dynamooseModel(tsFile: TsFile, call: ts.CallExpression, source: SchemaSource): TableSchema | undefined {
  const [nameArg, schemaArg] = call.arguments;
  const modelName = nameArg ? asString(toValue(tsFile, nameArg)) : undefined;
  if (!modelName || !schemaArg) return undefined;
  const attributes = dynamooseAttributes(tsFile, schemaArg);
  if (!attributes) return undefined;
  const entries = Object.entries(attributes);
  // dynamoose makes the first attribute the hash key unless one says `hashKey: true`.
  const hashEntry = entries.find(([, def]) => asObject(def)?.hashKey === true) ?? entries[0];
  if (!hashEntry) return undefined;
  const rangeEntry = entries.find(([, def]) => asObject(def)?.rangeKey === true);
  const partitionKey = dynamooseKey(hashEntry);
  const indexes: IndexSchema[] = [];
  for (const entry of entries) {
    const def = asObject(entry[1]);
    const declared = def?.index;
    if (declared === undefined || declared === false) continue;
    const list = Array.isArray(declared) ? declared : [declared];
    for (const item of list) {
      const options = isTemplateObject(item) ? item : {};
      const global =
        options.global === true ||
        asString(options.type) === 'global' ||
        (options.global === undefined && options.type === undefined);
      const rangeKey = asString(options.rangeKey);
      const rangeDef = rangeKey ? attributes[rangeKey] : undefined;
      const name = asString(options.name) ?? `${entry[0]}${global ? 'GlobalIndex' : 'LocalIndex'}`;
      if (global) {
        indexes.push({
          name,
          kind: 'GSI',
          partitionKey: dynamooseKey(entry),
          ...(rangeKey ? { sortKey: dynamooseKey([rangeKey, rangeDef ?? null]) } : {}),
        });
      } else {
        indexes.push({ name, kind: 'LSI', partitionKey, sortKey: dynamooseKey(entry) });
      }
    }
  }
  return {
    name: modelName,
    aliases: [],
    envVars: [],
    partitionKey,
    ...(rangeEntry ? { sortKey: dynamooseKey(rangeEntry) } : {}),
    indexes,
    source,
    orm: { library: 'dynamoose', entity: modelName },
  };
}

/** The attribute map of `new dynamoose.Schema({...})`, a schema variable, or a plain object. */
function dynamooseAttributes(tsFile: TsFile, expr: ts.Expression): TemplateObject | undefined {
  let node: ts.Expression = expr;
  for (let i = 0; i < 5 && ts.isIdentifier(node); i++) {
    const init = constInitializer(tsFile, node);
    if (!init) return undefined;
    node = init;
  }
  if (ts.isNewExpression(node)) {
    const ref = resolveReference(tsFile, node.expression);
    const first = node.arguments?.[0];
    return ref?.module === 'dynamoose' && ref.name === 'Schema' && first ? asObject(toValue(tsFile, first)) : undefined;
  }
  return asObject(toValue(tsFile, node));
}

function dynamooseKey([name, def]: [string, TemplateValue]): KeyAttribute {
  // `id: String` or `id: { type: String }`
  const typeText = expressionText(def) ?? expressionText(asObject(def)?.type) ?? asString(asObject(def)?.type);
  const type = attributeType(typeText);
  return type ? { name, type } : { name };
}

function stringList(value: TemplateValue | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return asArray(value).filter((v): v is string => typeof v === 'string');
}
