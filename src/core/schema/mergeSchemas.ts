// Merges what several sources say about the same table (best source's keys win, names and env vars
// are pooled) and looks a table up by any name code may use for it.
import { SOURCE_PRECEDENCE, type EnvBinding, type IndexSchema, type TableSchema } from './keySchema';

function rank(table: TableSchema): number {
  const index = SOURCE_PRECEDENCE.indexOf(table.source.kind);
  return index < 0 ? SOURCE_PRECEDENCE.length : index;
}

function namesOf(table: TableSchema): string[] {
  return [table.name, ...table.aliases];
}

/**
 * Two schemas describe the same table when a name of one is a name of the other (physical name,
 * logical id, construct variable), or when the same env var carries both into the code.
 */
function sameTable(a: TableSchema, b: TableSchema): boolean {
  const names = new Set(namesOf(a));
  if (namesOf(b).some((n) => names.has(n))) return true;
  return b.envVars.some((v) => a.envVars.includes(v));
}

/**
 * One schema per table, best sources first. Keys, sort key and billing
 * mode come from the highest-precedence source (`SOURCE_PRECEDENCE`; earlier lists win ties);
 * aliases and env vars are pooled from all. Inputs are not modified.
 */
export function mergeSchemas(lists: readonly (readonly TableSchema[])[]): TableSchema[] {
  const all = lists.flat().map((table, order) => ({ table, order }));
  all.sort((a, b) => rank(a.table) - rank(b.table) || a.order - b.order);
  const merged: TableSchema[] = [];
  for (const { table } of all) {
    const existing = merged.find((m) => sameTable(m, table));
    if (!existing) {
      merged.push(cloneTable(table));
      continue;
    }
    for (const name of namesOf(table)) {
      if (name !== existing.name && !existing.aliases.includes(name)) existing.aliases.push(name);
    }
    for (const envVar of table.envVars) if (!existing.envVars.includes(envVar)) existing.envVars.push(envVar);
    // Indexes pool only within one kind of source (several ORM entities of one table); a weaker
    // kind's extra index may not exist where the stronger source deploys the table.
    if (table.source.kind === existing.source.kind) {
      for (const index of table.indexes) {
        if (!existing.indexes.some((i) => i.name === index.name)) existing.indexes.push(cloneIndex(index));
      }
    }
    if (!existing.billingMode && table.billingMode) existing.billingMode = table.billingMode;
    if (!existing.partitionComposite && table.partitionComposite && table.partitionKey.name === existing.partitionKey.name) {
      existing.partitionComposite = [...table.partitionComposite];
    }
    if (!existing.orm && table.orm) existing.orm = { ...table.orm };
  }
  return merged;
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
    ...(table.partitionComposite ? { partitionComposite: [...table.partitionComposite] } : {}),
    ...(table.orm ? { orm: { ...table.orm } } : {}),
  };
}

/** The table a name refers to: physical name first, then aliases, then env vars (`process.env.` optional). */
export function findTable(tables: readonly TableSchema[], nameOrAliasOrEnvVar: string): TableSchema | undefined {
  const key = nameOrAliasOrEnvVar.replace(/^process\.env\./, '');
  return tables.find((t) => t.name === key) ?? tables.find((t) => t.aliases.includes(key)) ?? tables.find((t) => t.envVars.includes(key));
}

/** Adds env vars found in other files (Terraform, CDK props) to the tables they name; modifies `tables`. */
export function applyEnvBindings(tables: TableSchema[], bindings: readonly EnvBinding[]): void {
  for (const binding of bindings) {
    const table = tables.find((t) => t.name === binding.table || t.aliases.includes(binding.table));
    if (table && !table.envVars.includes(binding.envVar)) table.envVars.push(binding.envVar);
  }
}
