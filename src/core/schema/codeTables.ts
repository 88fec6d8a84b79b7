// Key schemas from tables created in application code: SDK v3 `new CreateTableCommand({...})` and
// v2 `dynamodb.createTable({...})`, when the definition is a literal (or a const in the same file).
import * as ts from 'typescript';
import { forEachNode } from '../syntax/nodes';
import { keysFromTableDefinition } from './cloudFormation';
import type { SchemaFileResult, TableSchema } from './keySchema';
import { sourceAt } from './schemaSource';
import { asObject, asString } from './templateDocument';
import { envVarOf, parseTsFile, resolveReference, toValue, type TsFile } from './tsSource';

/** `parsed` lets a caller that already parsed the file (discovery) share one parse between readers. */
export function schemasFromCreateTableCalls(file: string, text: string, parsed?: TsFile): SchemaFileResult {
  const tsFile = parsed ?? parseTsFile(file, text);
  const lineStarts = tsFile.sourceFile.getLineStarts();
  const tables: TableSchema[] = [];
  forEachNode(tsFile.sourceFile, (node) => {
    let argument: ts.Expression | undefined;
    if (ts.isNewExpression(node)) {
      const ref = resolveReference(tsFile, node.expression);
      if (ref?.name === 'CreateTableCommand' && ref.module.includes('dynamodb')) argument = node.arguments?.[0];
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'createTable'
    ) {
      // v2 clients are rarely traceable to their import; the argument's KeySchema shape decides.
      argument = node.arguments[0];
    }
    const definition = argument ? asObject(toValue(tsFile, argument)) : undefined;
    const keys = definition ? keysFromTableDefinition(definition) : undefined;
    if (!definition || !keys) return;
    const literalName = asString(definition.TableName);
    const envVar = envVarOf(definition.TableName);
    const name = literalName ?? envVar;
    if (!name) return;
    tables.push({
      name,
      aliases: [],
      envVars: envVar ? [envVar] : [],
      ...keys,
      source: sourceAt('code', file, lineStarts, node.getStart(tsFile.sourceFile), node.end),
    });
  });
  return { tables, envBindings: [], problems: [] };
}
