// Merges what several sources say about the same table (best source's keys win, names and env vars
// are pooled) and looks a table up by any name code may use for it.
import * as path from 'node:path';
import { addHandlers, inFolder } from './serviceScope';
import { SOURCE_PRECEDENCE, type EnvBinding, type IndexSchema, type TableSchema } from './keySchema';

function rank(table: TableSchema): number {
  const index = SOURCE_PRECEDENCE.indexOf(table.source.kind);
  return index < 0 ? SOURCE_PRECEDENCE.length : index;
}

function namesOf(table: TableSchema): string[] {
  return [table.name, ...table.aliases];
}

/** A merged table with sets of what it pools, so a merge is linear in the number of tables. */
interface MergedEntry {
  table: TableSchema;
  names: Set<string>;
  envVars: Set<string>;
  indexes: Set<string>;
}

/** Whether two schemas may describe the same table: not when two different services define them. */
function sameScope(a: TableSchema, b: TableSchema): boolean {
  return !a.service || !b.service || a.service.root === b.service.root;
}

/**
 * One schema per table, best sources first. Two schemas describe the same table when a name of one
 * is a name of the other (physical name, logical id, construct variable), or when the same env var
 * carries both into the code, and they do not come from two different services (a monorepo's
 * services each keep their own tables); a schema joins the earliest merged table it matches. Keys,
 * sort key and billing mode come from the highest-precedence source (`SOURCE_PRECEDENCE`; earlier
 * lists win ties); aliases, env vars and handler files are pooled from all. Inputs are not modified.
 */
export function mergeSchemas(lists: readonly (readonly TableSchema[])[]): TableSchema[] {
  const all = lists.flat().map((table, order) => ({ table, order }));
  all.sort((a, b) => rank(a.table) - rank(b.table) || a.order - b.order);
  const merged: MergedEntry[] = [];
  // Name or env var -> positions of the merged tables that have it, in increasing order.
  const byName = new Map<string, number[]>();
  const byEnvVar = new Map<string, number[]>();
  const remember = (index: Map<string, number[]>, key: string, at: number): void => {
    const known = index.get(key);
    if (!known) index.set(key, [at]);
    else if (!known.includes(at)) {
      known.push(at);
      known.sort((x, y) => x - y);
    }
  };
  for (const { table } of all) {
    let at = Infinity;
    const consider = (positions: number[] | undefined, byEnv: boolean): void => {
      for (const position of positions ?? []) {
        if (position >= at) break;
        const entry = merged[position];
        // One file's tables of different names are different tables, whatever env var they share.
        const sameFile =
          byEnv && entry?.table.source.file !== undefined && entry.table.source.file === table.source.file;
        if (entry && sameScope(entry.table, table) && !sameFile) at = position;
      }
    };
    for (const name of namesOf(table)) consider(byName.get(name), false);
    for (const envVar of table.envVars) consider(byEnvVar.get(envVar), true);
    const existing = merged[at];
    if (!existing) {
      const clone = cloneTable(table);
      const position = merged.length;
      merged.push({
        table: clone,
        names: new Set(namesOf(clone)),
        envVars: new Set(clone.envVars),
        indexes: new Set(clone.indexes.map((i) => i.name)),
      });
      for (const name of namesOf(clone)) remember(byName, name, position);
      for (const envVar of clone.envVars) remember(byEnvVar, envVar, position);
      continue;
    }
    const target = existing.table;
    for (const name of namesOf(table)) {
      if (existing.names.has(name)) continue;
      existing.names.add(name);
      target.aliases.push(name);
      remember(byName, name, at);
    }
    for (const envVar of table.envVars) {
      if (existing.envVars.has(envVar)) continue;
      existing.envVars.add(envVar);
      target.envVars.push(envVar);
      remember(byEnvVar, envVar, at);
    }
    if (table.service) {
      if (!target.service) target.service = { root: table.service.root, handlers: [...table.service.handlers] };
      else
        for (const h of table.service.handlers)
          if (!target.service.handlers.includes(h)) target.service.handlers.push(h);
    }
    // Indexes pool only within one kind of source (several ORM entities of one table); a weaker
    // kind's extra index may not exist where the stronger source deploys the table.
    if (table.source.kind === target.source.kind) {
      for (const index of table.indexes) {
        if (existing.indexes.has(index.name)) continue;
        existing.indexes.add(index.name);
        target.indexes.push(cloneIndex(index));
      }
    }
    if (!target.billingMode && table.billingMode) target.billingMode = table.billingMode;
    if (
      !target.partitionComposite &&
      table.partitionComposite &&
      table.partitionKey.name === target.partitionKey.name
    ) {
      target.partitionComposite = [...table.partitionComposite];
    }
    if (!target.orm && table.orm) target.orm = { ...table.orm };
  }
  return merged.map((m) => m.table);
}

function cloneIndex(index: IndexSchema): IndexSchema {
  return {
    ...index,
    partitionKey: { ...index.partitionKey },
    ...(index.sortKey ? { sortKey: { ...index.sortKey } } : {}),
    ...(index.partitionComposite ? { partitionComposite: [...index.partitionComposite] } : {}),
  };
}

function cloneTable(table: TableSchema): TableSchema {
  return {
    ...table,
    aliases: [...table.aliases],
    envVars: [...table.envVars],
    partitionKey: { ...table.partitionKey },
    ...(table.sortKey ? { sortKey: { ...table.sortKey } } : {}),
    indexes: table.indexes.map(cloneIndex),
    source: { ...table.source },
    ...(table.service ? { service: { root: table.service.root, handlers: [...table.service.handlers] } } : {}),
    ...(table.partitionComposite ? { partitionComposite: [...table.partitionComposite] } : {}),
    ...(table.orm ? { orm: { ...table.orm } } : {}),
  };
}

/** The table a name refers to: physical name first, then aliases, then env vars (`process.env.` optional). */
export function findTable(tables: readonly TableSchema[], nameOrAliasOrEnvVar: string): TableSchema | undefined {
  const key = nameOrAliasOrEnvVar.replace(/^process\.env\./, '');
  return (
    tables.find((t) => t.name === key) ??
    tables.find((t) => t.aliases.includes(key)) ??
    tables.find((t) => t.envVars.includes(key))
  );
}

/**
 * Adds env vars found in other files (Terraform, CDK props) to the tables they name, preferring a
 * table of the service the binding's file lies in (the nearest); modifies `tables`.
 */
export function applyEnvBindings(tables: TableSchema[], bindings: readonly EnvBinding[]): void {
  if (bindings.length === 0) return;
  const byName = new Map<string, TableSchema[]>();
  for (const t of tables) {
    for (const name of namesOf(t)) {
      const list = byName.get(name);
      if (!list) byName.set(name, [t]);
      else if (!list.includes(t)) list.push(t);
    }
  }
  for (const binding of bindings) {
    const candidates = byName.get(binding.table);
    if (!candidates) continue;
    let table = candidates[0];
    let depth = -1;
    for (const candidate of candidates) {
      const root = candidate.service?.root;
      if (root !== undefined && inFolder(path.resolve(binding.file), path.resolve(root)) && root.length > depth) {
        table = candidate;
        depth = root.length;
      }
    }
    if (!table) continue;
    if (!table.envVars.includes(binding.envVar)) table.envVars.push(binding.envVar);
    if (binding.handlers) addHandlers(table, binding.handlers);
  }
}
