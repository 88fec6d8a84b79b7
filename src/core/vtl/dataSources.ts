// Which table a `.vtl` request template reads: the DynamoDB data source its resolver names, as the
// Serverless AppSync plugin (v1 `custom.appSync.mappingTemplates`, v2 `appSync.resolvers`) and
// CloudFormation resolvers (`RequestMappingTemplateS3Location` of a local file) declare it.
import * as path from 'node:path';
import type { TableReference } from '../operations/model';
import {
  asArray,
  asObject,
  asString,
  parseTemplate,
  type TemplateObject,
  type TemplateValue,
} from '../schema/templateDocument';
import { isInfrastructureFile, MAX_SCHEMA_FILE_BYTES } from '../schema/discover';
import { walkSourceFiles } from '../workspace/fileWalker';
import { readSourceFile } from '../workspace/sourceText';
import { dataSourceTable } from './inlineTemplates';

/** A template file (absolute) and the table of its resolver's data source. */
export interface TemplateTable {
  template: string;
  table: TableReference;
}

/** Whether an infrastructure file may map templates to DynamoDB data sources (checked before parsing). */
export function mayMapTemplates(text: string): boolean {
  return /AMAZON_DYNAMODB|AWS::AppSync::DataSource/.test(text) && /\.vtl\b|mappingTemplates|resolvers/i.test(text);
}

/** The request templates an infrastructure file maps to DynamoDB tables; none when it maps none. Never throws. */
export function templateTables(file: string, text: string): TemplateTable[] {
  if (!mayMapTemplates(text)) return [];
  try {
    const parsed = parseTemplate(text, /\.json$/i.test(file));
    if (!parsed.ok) return [];
    const root = asObject(parsed.document.root);
    if (!root) return [];
    const dir = path.dirname(file);
    return [...serverlessTables(root, dir), ...resourceTables(root, dir)];
  } catch {
    return [];
  }
}

/** Every template mapping of the infrastructure files under `root` (for a run that does not walk all of it). */
export function templateTablesUnder(
  root: string,
  ignoreGlobs: readonly string[],
  nestedProjectMarkers?: readonly string[],
): TemplateTable[] {
  const walk = walkSourceFiles({
    root,
    ignoreGlobs,
    alsoList: isInfrastructureFile,
    ...(nestedProjectMarkers ? { nestedProjectMarkers } : {}),
  });
  return walk.others.flatMap((file) => {
    const read = readSourceFile(file);
    return read.ok && read.text.length <= MAX_SCHEMA_FILE_BYTES ? templateTables(file, read.text) : [];
  });
}

/** Serverless AppSync plugin, v1 (`custom.appSync`, one API or a list) and v2 (`appSync`). */
function serverlessTables(root: TemplateObject, dir: string): TemplateTable[] {
  const out: TemplateTable[] = [];
  const v1 = asObject(root.custom)?.appSync;
  for (const api of Array.isArray(v1) ? v1 : [v1]) {
    const o = asObject(api);
    if (!o) continue;
    const sources = dataSources(o.dataSources);
    const location = asString(o.mappingTemplatesLocation) ?? 'mapping-templates';
    const functionsLocation = asString(o.functionConfigurationsLocation) ?? location;
    for (const t of asArray(o.mappingTemplates)) {
      const m = asObject(t);
      if (!m) continue;
      const request =
        m.request === undefined
          ? `${asString(m.type) ?? ''}.${asString(m.field) ?? ''}.request.vtl`
          : asString(m.request);
      add(out, sources, m.dataSource, request, path.join(dir, location));
    }
    for (const f of asArray(o.functionConfigurations)) {
      const m = asObject(f);
      if (m) add(out, sources, m.dataSource, asString(m.request), path.join(dir, functionsLocation));
    }
  }
  const v2 = asObject(root.appSync);
  if (v2) {
    const sources = dataSources(v2.dataSources);
    for (const r of [...entries(v2.resolvers), ...entries(v2.pipelineFunctions)]) {
      const m = asObject(r);
      if (m) add(out, sources, m.dataSource, asString(m.request), dir);
    }
  }
  return out;
}

function add(
  out: TemplateTable[],
  sources: ReadonlyMap<string, TableReference>,
  dataSource: TemplateValue | undefined,
  request: string | undefined,
  base: string,
): void {
  const name = asString(dataSource);
  const table = name !== undefined ? sources.get(name) : undefined;
  if (!table || !request || !request.toLowerCase().endsWith('.vtl') || request.includes('${')) return;
  out.push({ template: path.resolve(base, request), table });
}

/** The values of a map, or the items of a list. */
function entries(value: TemplateValue | undefined): TemplateValue[] {
  if (Array.isArray(value)) return value;
  const o = asObject(value);
  return o ? Object.values(o) : [];
}

/** DynamoDB data sources by name: a list of `{ name, type, config }` (or of `{ <name>: {...} }`), or a map. */
function dataSources(value: TemplateValue | undefined): Map<string, TableReference> {
  const out = new Map<string, TableReference>();
  const put = (name: string | undefined, def: TemplateValue | undefined): void => {
    const d = asObject(def);
    if (name === undefined || asString(d?.type) !== 'AMAZON_DYNAMODB') return;
    const table = tableOf(asObject(d?.config)?.tableName);
    if (table) out.set(name, table);
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      const o = asObject(item);
      if (!o) continue;
      if (o.type !== undefined) put(asString(o.name), o);
      else for (const [name, def] of Object.entries(o)) put(name, def);
    }
  } else {
    for (const [name, def] of Object.entries(asObject(value) ?? {})) put(name, def);
  }
  return out;
}

/** `tableName: Orders` or `{ Ref: OrdersTable }`; variables (`${self:...}`) are not followed. */
function tableOf(value: TemplateValue | undefined): TableReference | undefined {
  const ref = asString(asObject(value)?.Ref);
  if (ref !== undefined) return { text: ref, constant: ref, names: [ref] };
  const name = asString(value);
  return name !== undefined && !name.includes('${') ? { text: name, constant: name } : undefined;
}

/** CloudFormation/SAM resolvers whose request template is a local file. */
function resourceTables(root: TemplateObject, dir: string): TemplateTable[] {
  const resources = asObject(root.Resources) ?? asObject(asObject(root.resources)?.Resources);
  if (!resources) return [];
  const out: TemplateTable[] = [];
  for (const value of Object.values(resources)) {
    const resource = asObject(value);
    const type = asString(resource?.Type);
    if (type !== 'AWS::AppSync::Resolver' && type !== 'AWS::AppSync::FunctionConfiguration') continue;
    const props = asObject(resource?.Properties);
    const location = asString(props?.RequestMappingTemplateS3Location);
    if (!props || !location || /^s3:\/\//i.test(location) || !location.toLowerCase().endsWith('.vtl')) continue;
    const table = dataSourceTable(resources, props.DataSourceName);
    if (table) out.push({ template: path.resolve(dir, location), table });
  }
  return out;
}
