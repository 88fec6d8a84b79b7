// Key schemas of tables and indexes, from whichever source knows them, and lookups by the names
// code uses for a table (physical name, logical id, env var, construct variable).

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  /** Unknown when the source does not declare attribute types (e.g. some ORM models). */
  type?: AttributeType;
}

export type SchemaSourceKind =
  'config' | 'cloudformation' | 'serverless' | 'cdk' | 'terraform' | 'code' | 'orm' | 'live' | 'convention';

export interface SchemaSource {
  kind: SchemaSourceKind;
  /** File that defines it (relative or absolute, as the discoverer was given); absent for live/convention. */
  file?: string;
  /** 1-based position of the definition, when known. */
  line?: number;
  column?: number;
  /** 1-based end of the definition (column just past its last character), when known. */
  endLine?: number;
  endColumn?: number;
  /** 0-based offsets of the definition in `file`, when known. */
  offset?: number;
  endOffset?: number;
}

export interface IndexSchema {
  name: string;
  kind: 'GSI' | 'LSI';
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** ALL | KEYS_ONLY | INCLUDE, when declared. */
  projection?: string;
  /** ORM models (ElectroDB): attributes composed into this index's partition key; empty means one value for every item. */
  partitionComposite?: string[];
}

/**
 * The service that deploys a table (a serverless.yml, a SAM/CloudFormation template, a CDK app, a
 * Terraform module): code resolves env vars and names first against the services that deploy it.
 */
export interface ServiceScope {
  /** The service's folder (the template's, the CDK app's), in the same form as the source's `file`. */
  root: string;
  /** Handler source files (extension left off) whose functions get this table's env vars, when known. */
  handlers: string[];
}

export type OrmLibrary = 'electrodb' | 'dynamoose' | 'dynamodb-toolbox' | 'onetable' | 'typedorm';

export interface TableSchema {
  /** Physical table name when known (literal TableName), otherwise the logical id / construct id. */
  name: string;
  /** Other names code may use for this table: logical ids, construct variable names, Terraform resource names. */
  aliases: string[];
  /** Environment variables that carry this table's name into the code (SAM/serverless/CDK/Terraform wiring). */
  envVars: string[];
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: IndexSchema[];
  billingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  source: SchemaSource;
  /** ORM models (ElectroDB): attributes composed into the table's partition key; empty means one value for every item. */
  partitionComposite?: string[];
  /** The service that defines the table, for infrastructure sources; absent means the whole project. */
  service?: ServiceScope;
  /** Set when the schema comes from an ORM model: the library and the entity/model name code uses. */
  orm?: { library: OrmLibrary; entity?: string };
}

/** Source precedence: earlier wins when two sources define the same table. */
export const SOURCE_PRECEDENCE: readonly SchemaSourceKind[] = [
  'config',
  'cloudformation',
  'serverless',
  'cdk',
  'terraform',
  'code',
  'orm',
  'live',
  'convention',
];

/** Conventional partition-key names used when no schema is known (findings then get low confidence). */
export const CONVENTIONAL_PARTITION_KEYS: readonly string[] = [
  'PK',
  'pk',
  'partitionKey',
  'hashKey',
  'PartitionKey',
  'HashKey',
];

/** A file that could not be read as a schema source; reported, never thrown. */
export interface SchemaProblem {
  file: string;
  message: string;
  /** 1-based line of the error, when the parser knows it. */
  line?: number;
}

/**
 * An environment variable whose value is some table's name, found where the table itself may be
 * defined in another file (Terraform modules, CDK stacks): applied after all files are read.
 */
export interface EnvBinding {
  envVar: string;
  /** Physical name or alias of the table the variable carries. */
  table: string;
  file: string;
  /** Handler files (extension left off) of the functions the variable is set on, when known. */
  handlers?: string[];
}

/** What one source file says about tables. */
export interface SchemaFileResult {
  tables: TableSchema[];
  envBindings: EnvBinding[];
  problems: SchemaProblem[];
}
