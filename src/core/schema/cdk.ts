// Key schemas and env-var wiring from AWS CDK apps in TS/JS: `Table`, `TableV2`, added indexes,
// and Lambda `environment` / `addEnvironment` values that carry a table's name.
import * as path from 'node:path';
import * as ts from 'typescript';
import { assignedName, dottedName, findProperty, forEachNode, skipOuterExpressions } from '../syntax/nodes';
import { keysFromTableDefinition } from './cloudFormation';
import type { EnvBinding, IndexSchema, KeyAttribute, SchemaFileResult, TableSchema } from './keySchema';
import { attributeType, sourceAt } from './schemaSource';
import { addHandlers, cdkAppRoot, handlerFile, withoutExtension } from './serviceScope';
import { asArray, asObject, asString, type TemplateObject, type TemplateValue } from './templateDocument';
import { constInitializer, expressionText, parseTsFile, resolveReference, toValue, type TsFile } from './tsSource';

const DYNAMODB_MODULES = new Set(['aws-cdk-lib/aws-dynamodb', '@aws-cdk/aws-dynamodb']);
// Table attributes that evaluate to (or embed) the table's name.
const NAME_ATTRIBUTES = new Set(['tableName', 'tableArn', 'tableStreamArn']);

/** `parsed` lets a caller that already parsed the file (discovery) share one parse between readers. */
export function schemasFromCdk(file: string, text: string, parsed?: TsFile): SchemaFileResult {
  const tsFile = parsed ?? parseTsFile(file, text);
  const lineStarts = tsFile.sourceFile.getLineStarts();
  const tables: TableSchema[] = [];
  const addedIndexes: { receiver: string; index: TemplateObject; kind: 'GSI' | 'LSI' }[] = [];
  const env: { envVar: string; receiver: string; handlers: string[] }[] = [];
  // The CDK app's folder: where `cdk` runs, so relative asset paths start there.
  const appRoot = cdkAppRoot(file) ?? path.dirname(file);
  const functionHandlers = new Map<string, string[]>();

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
      const handlers = props ? functionHandlerFiles(tsFile, props, appRoot) : [];
      // A NodejsFunction without `entry` bundles `<stack file>.<construct id>.ts` beside the stack.
      const idArg = node.arguments?.[1];
      const functionId = idArg ? asString(toValue(tsFile, idArg)) : undefined;
      if (
        handlers.length === 0 &&
        functionId &&
        ref?.module === 'aws-cdk-lib/aws-lambda-nodejs' &&
        ref.name === 'NodejsFunction'
      ) {
        handlers.push(path.join(path.dirname(file), `${path.basename(withoutExtension(file))}.${functionId}`));
      }
      const variable = assignedName(node);
      if (variable && handlers.length > 0) functionHandlers.set(variable, handlers);
      for (const [envVar, value] of Object.entries(environment ?? {})) {
        const receiver = nameAttributeReceiver(value);
        if (receiver) env.push({ envVar, receiver, handlers });
      }
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = dottedName(node.expression.expression);
      const last = receiver?.[receiver.length - 1];
      const [first, second] = node.arguments;
      if (!last || !first) return;
      if (method === 'addGlobalSecondaryIndex' || method === 'addLocalSecondaryIndex') {
        const index = asObject(toValue(tsFile, first));
        if (index)
          addedIndexes.push({ receiver: last, index, kind: method === 'addGlobalSecondaryIndex' ? 'GSI' : 'LSI' });
      } else if (method === 'addEnvironment' && second) {
        const envVar = asString(toValue(tsFile, first));
        const tableReceiver = nameAttributeReceiver(toValue(tsFile, second));
        if (envVar && tableReceiver)
          env.push({ envVar, receiver: tableReceiver, handlers: functionHandlers.get(last) ?? [] });
      }
    }
  });

  const byAlias = (alias: string) => tables.find((t) => t.aliases.includes(alias) || t.name === alias);
  for (const added of addedIndexes) {
    const table = byAlias(added.receiver);
    const index = table && indexFromProps(added.index, added.kind, table.partitionKey);
    if (table && index) table.indexes.push(index);
  }
  for (const table of tables) table.service = { root: appRoot, handlers: [] };
  const envBindings: EnvBinding[] = [];
  for (const { envVar, receiver, handlers } of env) {
    const table = byAlias(receiver);
    if (table) {
      if (!table.envVars.includes(envVar)) table.envVars.push(envVar);
      addHandlers(table, handlers);
    } else {
      // The table is often passed in through props from another stack file.
      envBindings.push({ envVar, table: receiver, file, ...(handlers.length > 0 ? { handlers } : {}) });
    }
  }
  return { tables, envBindings, problems: [] };
}

function tableFromConstruct(
  tsFile: TsFile,
  node: ts.NewExpression,
  isV2: boolean,
  lineStarts: readonly number[],
): TableSchema | undefined {
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
function tableFromCfnTable(
  tsFile: TsFile,
  node: ts.NewExpression,
  lineStarts: readonly number[],
): TableSchema | undefined {
  const [, idArg, propsArg] = node.arguments ?? [];
  const constructId = idArg ? asString(toValue(tsFile, idArg)) : undefined;
  const props = propsArg ? asObject(pascalCaseKeys(toValue(tsFile, propsArg))) : undefined;
  const keys = props ? keysFromTableDefinition(props) : undefined;
  const variable = assignedName(node);
  const name = asString(props?.TableName) ?? constructId ?? variable;
  if (!keys || !name) return undefined;
  const aliases = [...new Set([constructId, variable].filter((a): a is string => a !== undefined && a !== name))];
  return {
    name,
    aliases,
    envVars: [],
    ...keys,
    source: sourceAt('cdk', tsFile.file, lineStarts, node.getStart(tsFile.sourceFile), node.end),
  };
}

function pascalCaseKeys(value: TemplateValue): TemplateValue {
  if (Array.isArray(value)) return value.map(pascalCaseKeys);
  const obj = asObject(value);
  if (!obj || expressionText(obj) !== undefined) return value;
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalCaseKeys(v)]),
  );
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

function indexFromProps(
  props: TemplateObject | undefined,
  kind: 'GSI' | 'LSI',
  tablePartitionKey: KeyAttribute,
): IndexSchema | undefined {
  const name = asString(props?.indexName);
  if (!props || !name) return undefined;
  // An LSI shares the table's partition key; CDK only takes its sort key.
  const partitionKey = kind === 'LSI' ? tablePartitionKey : keyAttribute(props.partitionKey);
  if (!partitionKey) return undefined;
  const sortKey = keyAttribute(props.sortKey);
  const projection = (expressionText(props.projectionType) ?? asString(props.projectionType))?.split('.').pop();
  return { name, kind, partitionKey, ...(sortKey ? { sortKey } : {}), ...(projection ? { projection } : {}) };
}

/**
 * `orders.tableName` / `this.orders.tableArn` / `props.orders.tableName` → `orders`; also with an
 * empty fallback (`props.orders?.tableName ?? ""`), which only stands in when there is no table.
 */
function nameAttributeReceiver(value: TemplateValue | undefined): string | undefined {
  const text = expressionText(value)?.replace(/\s*(?:\?\?|\|\|)\s*(?:""|''|``|undefined|null)\s*$/, '');
  if (!text) return undefined;
  const parts = text.replace(/\s+/g, '').replace(/[!?]/g, '').split('.');
  const attribute = parts.pop();
  const receiver = parts.pop();
  return attribute && receiver && NAME_ATTRIBUTES.has(attribute) && /^[A-Za-z_$][\w$]*$/.test(receiver)
    ? receiver
    : undefined;
}

/**
 * The handler files a Lambda construct deploys: `entry` (NodejsFunction), or `code:
 * Code.fromAsset(dir)` with `handler: 'file.export'`. Relative paths start at the CDK app's folder.
 */
function functionHandlerFiles(tsFile: TsFile, propsArg: ts.Expression, appRoot: string): string[] {
  let props = skipOuterExpressions(propsArg);
  if (ts.isIdentifier(props)) props = constInitializer(tsFile, props) ?? props;
  if (!ts.isObjectLiteralExpression(props)) return [];
  const initializer = (name: string): ts.Expression | undefined => {
    const p = findProperty(props, name);
    return p && ts.isPropertyAssignment(p) ? p.initializer : undefined;
  };
  // A path built on `__dirname` is already in the form of the stack file's path; others start at the app.
  const fileDir = { dir: path.dirname(tsFile.file), used: false };
  const base = (p: string): string => (fileDir.used ? path.normalize(p) : under(appRoot, p));
  const entry = initializer('entry');
  if (entry) {
    const entryPath = pathValue(tsFile, entry, fileDir, 0);
    return entryPath ? [withoutExtension(base(entryPath))] : [];
  }
  const code = initializer('code');
  const handlerExpr = initializer('handler');
  const handler = handlerExpr ? asString(toValue(tsFile, handlerExpr)) : undefined;
  if (!code || !handler) return [];
  const call = skipOuterExpressions(code);
  if (
    !ts.isCallExpression(call) ||
    !ts.isPropertyAccessExpression(call.expression) ||
    call.expression.name.text !== 'fromAsset' ||
    !call.arguments[0]
  )
    return [];
  const dir = pathValue(tsFile, call.arguments[0], fileDir, 0);
  const found = dir !== undefined ? handlerFile(base(dir), handler) : undefined;
  return found ? [found] : [];
}

function under(base: string, p: string): string {
  return path.isAbsolute(p) ? path.normalize(p) : path.join(base, p);
}

/** A path expression's value: literals, `__dirname`, `path.join/resolve(...)`, `+` and template literals. */
function pathValue(
  tsFile: TsFile,
  expr: ts.Expression,
  fileDir: { dir: string; used: boolean },
  depth: number,
): string | undefined {
  if (depth > 8) return undefined;
  const e = skipOuterExpressions(expr);
  if (ts.isIdentifier(e) && e.text === '__dirname') {
    fileDir.used = true;
    return fileDir.dir;
  }
  const constant = tsFile.constants.valueOf(e);
  if (typeof constant === 'string') return constant;
  if (ts.isIdentifier(e)) {
    const init = constInitializer(tsFile, e);
    return init ? pathValue(tsFile, init, fileDir, depth + 1) : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = dottedName(e.expression);
    const method = callee?.[callee.length - 1];
    if (method !== 'join' && method !== 'resolve') return undefined;
    const parts = e.arguments.map((a) => pathValue(tsFile, a, fileDir, depth + 1));
    if (parts.some((p) => p === undefined)) return undefined;
    // `resolve` restarts at an absolute part; a relative result is taken from the app's folder later.
    return (parts as string[]).reduce(
      (acc, p) => (method === 'resolve' && path.isAbsolute(p) ? p : path.join(acc, p)),
      '',
    );
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = pathValue(tsFile, e.left, fileDir, depth + 1);
    const right = pathValue(tsFile, e.right, fileDir, depth + 1);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  if (ts.isTemplateExpression(e)) {
    let text = e.head.text;
    for (const span of e.templateSpans) {
      const value = pathValue(tsFile, span.expression, fileDir, depth + 1);
      if (value === undefined) return undefined;
      text += value + span.literal.text;
    }
    return text;
  }
  return undefined;
}
