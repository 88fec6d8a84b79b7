// The model of `dynamo-guard.config.json` as the loader returns it, its defaults (each rule's from
// the rule registry), and the value lists the schema and the loader share.
import type { SeverityOption } from '../analyzer/finding';
import type { SchemaProblem, TableSchema } from '../schema/keySchema';
import { ALLOWED_PATHS_RULES, CONFIG_FILE_RULES, type AllowedPathsKey, type ConfigFileRuleId } from '../rules/registry';

export const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];
export const KEY_TYPES: readonly string[] = ['S', 'N', 'B'];
export const PROJECTIONS: readonly string[] = ['ALL', 'KEYS_ONLY', 'INCLUDE'];

/** Rules whose severity `rules` in the file sets. */
export type ConfigurableRule = ConfigFileRuleId;

export type ConfigKey = string | { name: string; type?: 'S' | 'N' | 'B' };

export interface ConfigIndex {
  name: string;
  kind?: 'GSI' | 'LSI';
  /** Required for GSIs; an LSI uses the table's. */
  partitionKey?: ConfigKey;
  sortKey?: ConfigKey;
  projection?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
}

export interface ConfigTable {
  name: string;
  partitionKey: ConfigKey;
  sortKey?: ConfigKey;
  indexes?: ConfigIndex[];
  envVars?: string[];
  aliases?: string[];
  billingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
}

/** Where a rule's findings are expected (`allowScans`, `allowConstantKeys`): reported at `severity` instead. */
export interface AllowedPathsConfig {
  paths: string[];
  severity: 'info' | 'off';
}

/** `allowScans` (scripts, migrations, tests that scan) and `allowConstantKeys` (that read one constant item) are AllowedPathsConfig. */
export interface DynamoGuardConfig extends Record<AllowedPathsKey, AllowedPathsConfig> {
  tables: ConfigTable[];
  rules: Record<ConfigurableRule, SeverityOption>;
  /** Globs (gitignore syntax) of files never analyzed. */
  ignore: string[];
  /** Baseline file of accepted findings, relative to the config file. */
  baseline?: string;
}

export interface ConfigProblem extends SchemaProblem {
  /** JSON path of the offending value, e.g. `tables[0].partitionKey.type`. */
  path?: string;
  /**
   * 1-based start column and end (column just past the last character) of what is wrong: the
   * value, the unknown key, or the object missing a property; when known, with `line`.
   */
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface LoadedConfig {
  config: DynamoGuardConfig;
  tables: TableSchema[];
  problems: ConfigProblem[];
  /** The file read, when one was found. */
  file?: string;
}

export function defaultConfig(): DynamoGuardConfig {
  const allowed = Object.fromEntries(
    ALLOWED_PATHS_RULES.map((r) => [
      r.allowedPaths.configKey,
      { paths: [...r.allowedPaths.defaultPaths], severity: r.allowedPaths.defaultSeverity },
    ]),
  ) as Record<AllowedPathsKey, AllowedPathsConfig>;
  return {
    tables: [],
    rules: Object.fromEntries(CONFIG_FILE_RULES.map((r) => [r.id, r.defaultSeverity])) as Record<
      ConfigurableRule,
      SeverityOption
    >,
    ignore: [],
    ...allowed,
  };
}
