// Key schemas and env-var wiring from serverless.yml: CloudFormation under `resources`, environment
// under `provider` and `functions`, with `${self:...}` variables resolved inside the file.
import { tablesFromResources, wireEnvironment } from './cloudFormation';
import type { SchemaFileResult, TableSchema } from './keySchema';
import { handlerFile, serviceOf } from './serviceScope';
import {
  asArray,
  asObject,
  asString,
  parseTemplate,
  type TemplateObject,
  type TemplateValue,
} from './templateDocument';

export function schemasFromServerless(file: string, text: string): SchemaFileResult {
  const parsed = parseTemplate(text, /\.json$/i.test(file));
  if (!parsed.ok)
    return {
      tables: [],
      envBindings: [],
      problems: [{ file, message: parsed.message, ...(parsed.line ? { line: parsed.line } : {}) }],
    };
  const root = asObject(parsed.document.root);
  if (!root) return { tables: [], envBindings: [], problems: [] };
  const resolve = (value: string): string => resolveVariables(value, root, 0);
  const tables: TableSchema[] = [];
  // `resources` is a CloudFormation fragment, or a list of them (some pulled from other files).
  const fragments = Array.isArray(root.resources) ? asArray(root.resources) : [root.resources ?? null];
  for (const fragment of fragments) {
    const resources = asObject(asObject(fragment)?.Resources);
    if (resources) tables.push(...tablesFromResources(parsed.document, resources, file, 'serverless', resolve));
  }
  const service = serviceOf(file);
  for (const table of tables) table.service = { root: service.root, handlers: [] };
  const functions = Object.values(asObject(root.functions) ?? {}).map((fn) => {
    const handler = asString(asObject(fn)?.handler);
    const handlerPath = handler ? handlerFile(service.root, resolve(handler)) : undefined;
    return { environment: asObject(asObject(fn)?.environment), handlers: handlerPath ? [handlerPath] : [] };
  });
  // The provider's environment reaches every function of the service.
  wireEnvironment(
    tables,
    asObject(asObject(root.provider)?.environment),
    resolve,
    functions.flatMap((f) => f.handlers),
  );
  for (const fn of functions) wireEnvironment(tables, fn.environment, resolve, fn.handlers);
  return { tables, envBindings: [], problems: [] };
}

const MAX_DEPTH = 10;

/**
 * Replaces `${self:path}` variables by the file's own values; other sources (`opt:`, `sls:`,
 * `env:`, `ssm:`, `file:`) depend on the deployment and stay as written.
 */
export function resolveVariables(value: string, root: TemplateObject, depth: number): string {
  if (depth > MAX_DEPTH || !value.includes('${')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('${', i);
    if (start < 0) break;
    const end = matchingBrace(value, start + 2);
    if (end < 0) break;
    out += value.slice(i, start);
    const inner = resolveVariables(value.slice(start + 2, end), root, depth + 1);
    out += evaluate(inner, root, depth) ?? `\${${inner}}`;
    i = end + 1;
  }
  return out + value.slice(i);
}

function evaluate(expression: string, root: TemplateObject, depth: number): string | undefined {
  for (const alternative of splitTopLevel(expression)) {
    const quoted = /^(['"])(.*)\1$/.exec(alternative);
    if (quoted) return quoted[2];
    if (!alternative.startsWith('self:')) return undefined;
    const found = lookup(root, alternative.slice('self:'.length));
    if (typeof found === 'string') return resolveVariables(found, root, depth + 1);
    if (typeof found === 'number' || typeof found === 'boolean') return String(found);
    // A missing self path falls through to the next alternative, as the framework does.
  }
  return undefined;
}

function lookup(root: TemplateObject, path: string): TemplateValue | undefined {
  let current: TemplateValue | undefined = root;
  for (const segment of path.split('.')) {
    if (segment === '') continue;
    if (Array.isArray(current)) current = current[Number(segment)];
    else current = asObject(current)?.[segment];
    if (current === undefined) return undefined;
  }
  return current;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of expression) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current.trim());
  return parts;
}
