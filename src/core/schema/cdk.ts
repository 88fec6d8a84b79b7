// Key schemas and env-var wiring from AWS CDK apps in TS/JS: `Table`, `TableV2`, added indexes,
// and Lambda `environment` / `addEnvironment` values that carry a table's name.
import * as ts from 'typescript';
import { assignedName, dottedName, forEachNode } from '../syntax/nodes';
import { keysFromTableDefinition } from './cloudFormation';
import type { EnvBinding, IndexSchema, KeyAttribute, SchemaFileResult, TableSchema } from './keySchema';
import { attributeType, sourceAt } from './schemaSource';
import { asArray, asObject, asString, type TemplateObject, type TemplateValue } from './templateDocument';
import { expressionText, parseTsFile, resolveReference, toValue, type TsFile } from './tsSource';

const DYNAMODB_MODULES = new Set(['aws-cdk-lib/aws-dynamodb', '@aws-cdk/aws-dynamodb']);
// Table attributes that evaluate to (or embed) the table's name.
const NAME_ATTRIBUTES = new Set(['tableName', 'tableArn', 'tableStreamArn']);

/** `parsed` lets a caller that already parsed the file (discovery) share one parse between readers. */
export function schemasFromCdk(file: string, text: string, parsed?: TsFile): SchemaFileResult {
  const tsFile = parsed ?? parseTsFile(file, text);
  const lineStarts = tsFile.sourceFile.getLineStarts();
  const tables: TableSchema[] = [];
  const addedIndexes: { receiver: string; index: TemplateObject; kind: 'GSI' | 'LSI' }[] = [];
  const env: { envVar: string; receiver: string }[] = [];

  forEachNode(tsFile.sourceFile, (node) => {
    if (ts.isNewExpression(node)) {
      const ref = resolveReference(tsFile, node.expression);
      if (ref && DYNAMODB_MODULES.has(ref.module) && (ref.name === 'Table' || ref.name === 'TableV2')) {
        const table = tableFromConstruct(tsFile, node, ref.name === 'TableV2', lineStarts);
        if (table) tables.push(table);
        return;
      }
      if (ref && DYNAMODB_MODULES.has(ref.module) && ref.name === 'CfnTable') {
        const table = tableFromCfnTable(tsFile, node, lineStarts);
        if (table) tables.push(table);
        return;
      }
      const props = node.arguments?.[2];
      const environment = props ? asObject(asObject(toValue(tsFile, props))?.environment) : undefined;
      for (const [envVar, value] of Object.entries(environment ?? {})) {
        const receiver = nameAttributeReceiver(value);
        if (receiver) env.push({ envVar, receiver });
      }
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = dottedName(node.expression.expression);
      const last = receiver?.[receiver.length - 1];
      const [first, second] = node.arguments;
      if (!last || !first) return;
      if (method === 'addGlobalSecondaryIndex' || method === 'addLocalSecondaryIndex') {
        const index = asObject(toValue(tsFile, first));
        if (index) addedIndexes.push({ receiver: last, index, kind: method === 'addGlobalSecondaryIndex' ? 'GSI' : 'LSI' });
      } else if (method === 'addEnvironment' && second) {
        const envVar = asString(toValue(tsFile, first));
        const tableReceiver = nameAttributeReceiver(toValue(tsFile, second));
        if (envVar && tableReceiver) env.push({ envVar, receiver: tableReceiver });
      }
    }
  });

  const byAlias = (alias: string) => tables.find((t) => t.aliases.includes(alias) || t.name === alias);
  for (const added of addedIndexes) {
    const table = byAlias(added.receiver);
    const index = table && indexFromProps(added.index, added.kind, table.partitionKey);
    if (table && index) table.indexes.push(index);
  }
  const envBindings: EnvBinding[] = [];
  for (const { envVar, receiver } of env) {
    const table = byAlias(receiver);
    if (table) {
      if (!table.envVars.includes(envVar)) table.envVars.push(envVar);
    } else {
      // The table is often passed in through props from another stack file.
      envBindings.push({ envVar, table: receiver, file });
    }
  }
  return { tables, envBindings, problems: [] };
}

function tableFromConstruct(tsFile: TsFile, node: ts.NewExpression, isV2: boolean, lineStarts: readonly number[]): TableSchema | undefined {
  const [, idArg, propsArg] = node.arguments ?? [];
  const constructId = idArg ? asString(toValue(tsFile, idArg)) : undefined;
  const props = propsArg ? asObject(toValue(tsFile, propsArg)) : undefined;
  const partitionKey = keyAttribute(props?.partitionKey);
  if (!props || !partitionKey) return undefined;
  const variable = assignedName(node);
  const tableName = asString(props.tableName);
  const name = tableName ?? constructId ?? variable;
  if (!name) return undefined;
  const aliases = [...new Set([constructId, variable].filter((a): a is string => a !== undefined && a !== name))];
  const sortKey = keyAttribute(props.sortKey);
  const indexes: IndexSchema[] = [];
  for (const gsi of asArray(props.globalSecondaryIndexes)) {
    const index = indexFromProps(asObject(gsi), 'GSI', partitionKey);
    if (index) indexes.push(index);
  }
  for (const lsi of asArray(props.localSecondaryIndexes)) {
    const index = indexFromProps(asObject(lsi), 'LSI', partitionKey);
    if (index) indexes.push(index);
  }
  const start = node.getStart(tsFile.sourceFile);
  return {
    name,
    aliases,
    envVars: [],
    partitionKey,
    ...(sortKey ? { sortKey } : {}),
    indexes,
    billingMode: billingMode(props, isV2),
    source: sourceAt('cdk', tsFile.file, lineStarts, start, node.end),
  };
}

/** The L1 `CfnTable` takes CloudFormation's properties in camelCase. */
function tableFromCfnTable(tsFile: TsFile, node: ts.NewExpression, lineStarts: readonly number[]): TableSchema | undefined {
  const [, idArg, propsArg] = node.arguments ?? [];
  const constructId = idArg ? asString(toValue(tsFile, idArg)) : undefined;
  const props = propsArg ? asObject(pascalCaseKeys(toValue(tsFile, propsArg))) : undefined;
  const keys = props ? keysFromTableDefinition(props) : undefined;
  const variable = assignedName(node);
  const name = asString(props?.TableName) ?? constructId ?? variable;
  if (!keys || !name) return undefined;
  const aliases = [...new Set([constructId, variable].filter((a): a is string => a !== undefined && a !== name))];
  return { name, aliases, envVars: [], ...keys, source: sourceAt('cdk', tsFile.file, lineStarts, node.getStart(tsFile.sourceFile), node.end) };
}

function pascalCaseKeys(value: TemplateValue): TemplateValue {
  if (Array.isArray(value)) return value.map(pascalCaseKeys);
  const obj = asObject(value);
  if (!obj || expressionText(obj) !== undefined) return value;
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalCaseKeys(v)]));
}

/** `Table` defaults to provisioned capacity, `TableV2` to on-demand. */
function billingMode(props: TemplateObject, isV2: boolean): 'PROVISIONED' | 'PAY_PER_REQUEST' {
  const text = expressionText(isV2 ? props.billing : props.billingMode) ?? '';
  if (/PAY_PER_REQUEST|onDemand/.test(text)) return 'PAY_PER_REQUEST';
  if (/PROVISIONED|provisioned/.test(text)) return 'PROVISIONED';
  return isV2 ? 'PAY_PER_REQUEST' : 'PROVISIONED';
}

function keyAttribute(value: TemplateValue | undefined): KeyAttribute | undefined {
  const obj = asObject(value);
  const name = asString(obj?.name);
  if (!name) return undefined;
  // `AttributeType.STRING` / `dynamodb.AttributeType.NUMBER`: the member name is the type.
  const typeText = expressionText(obj?.type) ?? asString(obj?.type);
  const type = attributeType(typeText?.split('.').pop());
  return type ? { name, type } : { name };
}

function indexFromProps(props: TemplateObject | undefined, kind: 'GSI' | 'LSI', tablePartitionKey: KeyAttribute): IndexSchema | undefined {
  const name = asString(props?.indexName);
  if (!props || !name) return undefined;
  // An LSI shares the table's partition key; CDK only takes its sort key.
  const partitionKey = kind === 'LSI' ? tablePartitionKey : keyAttribute(props.partitionKey);
  if (!partitionKey) return undefined;
  const sortKey = keyAttribute(props.sortKey);
  const projection = (expressionText(props.projectionType) ?? asString(props.projectionType))?.split('.').pop();
  return { name, kind, partitionKey, ...(sortKey ? { sortKey } : {}), ...(projection ? { projection } : {}) };
}

/** `orders.tableName` / `this.orders.tableArn` / `props.orders.tableName` → `orders`. */
function nameAttributeReceiver(value: TemplateValue | undefined): string | undefined {
  const text = expressionText(value);
  if (!text) return undefined;
  const parts = text.replace(/\s+/g, '').replace(/[!?]/g, '').split('.');
  const attribute = parts.pop();
  const receiver = parts.pop();
  return attribute && receiver && NAME_ATTRIBUTES.has(attribute) && /^[A-Za-z_$][\w$]*$/.test(receiver) ? receiver : undefined;
}
