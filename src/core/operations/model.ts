// The contract between language front-ends and rules: each front-end turns one file into
// DynamoDB operations in these plain terms, and rules read nothing else (no syntax tree).
import type { SourceRange } from '../syntax/positions';

/** What an operation does to the table, whatever the API calls it. */
export type OperationKind =
  | 'scan'
  | 'query'
  | 'get'
  | 'put'
  | 'update'
  | 'delete'
  | 'batch-write'
  | 'batch-get'
  | 'transact-write'
  | 'transact-get'
  | 'partiql';

/** The API family a call was bound to; `unresolved` when only the request's shape says DynamoDB. */
export type OperationApi =
  | 'sdk-v3-client'
  | 'sdk-v3-document'
  | 'sdk-v2'
  | 'electrodb'
  | 'dynamoose'
  | 'dynamodb-toolbox'
  | 'onetable'
  | 'typedorm'
  | 'partiql'
  | 'appsync'
  | 'boto3-resource'
  | 'boto3-client'
  | 'pynamodb'
  | 'unresolved';

export type SourceLanguage = 'javascript' | 'typescript' | 'python' | 'vtl';

/**
 * Where a value written in code comes from, as far as the front-end can tell without running it.
 * `constant`: the same on every call (a literal, or names and formatting that fold to one).
 * `parameter`: a parameter of the function the operation is in; a wrapper summary turns call sites
 * that pass a constant into operations of their own. `unknown`: anything else.
 */
export type ValueProvenance =
  | { kind: 'constant'; value: string; range: SourceRange }
  | {
      kind: 'parameter';
      name: string;
      position: number;
      range: SourceRange;
      /** The parameter's default, when it is a constant: the value of every call that leaves it out. */
      default?: string;
    }
  | { kind: 'unknown'; text: string; range: SourceRange };

/** A key attribute and its value, in an item, a key, or an equality of a key condition. */
export interface KeyValue {
  /** Attribute name as stored (placeholders like `#pk` already resolved when possible). */
  attribute: string;
  value: ValueProvenance;
}

/** A table as the code names it. */
export interface TableReference {
  /** The expression as written, at most 120 characters (`os.environ['TABLE']`, `ORDERS`). */
  text: string;
  /** The physical name when the expression folds to a constant. */
  constant?: string;
  /** The environment variable that carries the name (`os.environ['TABLE']`, `process.env.TABLE`). */
  envVar?: string;
  /** Identifiers along the expression, innermost last, matched against table aliases. */
  names?: string[];
  /** Set when the table name comes from a parameter of the enclosing function. */
  parameter?: { name: string; position: number };
  range?: SourceRange;
}

/** A key schema the code itself declares (PynamoDB `HashKeyAttribute`), used when no source knows the table. */
export interface DeclaredKeySchema {
  partitionKey: string;
  sortKey?: string;
  indexes: Array<{ name: string; kind: 'GSI' | 'LSI'; partitionKey: string; sortKey?: string }>;
  /** The model class that declares it, for related information. */
  model: string;
  range: SourceRange;
  /** The file that declares the model, when it is not the operation's own (an imported model). */
  file?: string;
}

/** A range condition on the sort key of a Query (`begins_with`, `between`, `<`...). */
export interface SortKeyCondition {
  attribute: string;
  op: '=' | '<' | '<=' | '>' | '>=' | 'begins_with' | 'between';
  values: ValueProvenance[];
}

/**
 * A partition key an ORM entity declares (an ElectroDB access pattern): the attributes it is
 * composed of. Composed of none, it is the same for every item the entity writes.
 */
export interface KeyTemplate {
  /** The access pattern's name. */
  name: string;
  /** The entity the model names. */
  entity?: string;
  /** The key attribute the template fills. */
  attribute?: string;
  /** The index it keys, when not the table's own key. */
  index?: string;
  composite: string[];
  /** The composite as written. */
  range: SourceRange;
}

/** One hop of a call through a wrapper: the call site that passed the value in. */
export interface WrapperCall {
  /** The wrapper's name as declared (`put_order`, `Repo.save`). */
  function: string;
  /** The call of the wrapper (the outermost first in `callChain`). */
  range: SourceRange;
  /** The file the call is in, when it is not the operation's own (a wrapper calling a wrapper of another module). */
  file?: string;
}

/** One DynamoDB operation found in a file, in language-neutral terms. */
export interface Operation {
  language: SourceLanguage;
  /** Operation name as bound (`scan`, `put_item`, `ScanCommand`, `Model.query`), not the local alias. */
  operation: string;
  kind: OperationKind;
  api: OperationApi;
  /** False when the receiver could not be resolved and only the request's shape suggests DynamoDB. */
  bound: boolean;
  table?: TableReference;
  /** Index the operation reads (IndexName, a PynamoDB index class), constant or as written. */
  index?: { text: string; constant?: string };
  /**
   * Key attributes with their values: an item's attributes for a put (all of them, since the
   * schema decides which are keys), the Key of a get/update/delete, the equalities of a Query's
   * key condition. Empty when the request's item or key could not be read.
   */
  keyValues: KeyValue[];
  /**
   * Query: the attribute the key condition's form pins as the partition key with no schema (its only
   * `=`), or null when its form does not tell; absent, the only equality of `keyValues` stands for it.
   */
  keyConditionPartitionKey?: string | null;
  /** Which attribute is the partition key when the API says so without naming it (PynamoDB `query('X')`). */
  partitionKeyValue?: ValueProvenance;
  /** Query: the range condition on the sort key. */
  sortKeyCondition?: SortKeyCondition;
  /** Update: `SET attr = value` assignments, for GSI partition keys an update writes. */
  updateSets?: KeyValue[];
  /** Scan or Query with a filter; `text` when the filter is a constant string, attributes as read. */
  filter?: { text?: string; attributes: string[]; equalityAttributes: string[] };
  /** `ConsistentRead=True`. */
  consistentRead?: boolean;
  /** The code pages through results (a paginator, ExclusiveStartKey, LastEvaluatedKey nearby). */
  paginated: boolean;
  /**
   * PartiQL statements, their text folded with unknown parts as U+0001; `written`, the statement's
   * expression as the code spells it (at most 120 characters), names a table a template hides.
   */
  statements?: Array<{ text: string; range: SourceRange; written?: string }>;
  /**
   * Partition keys an ORM entity declares for every item it writes; such an operation (kind `put`,
   * operation `Entity`) stands for the entity's declaration itself.
   */
  keyTemplates?: KeyTemplate[];
  /** Key schema declared next to the code (an ORM model), when the front-end read one. */
  declaredSchema?: DeclaredKeySchema;
  /**
   * True when the call sits in a function body, so it runs on every call of that function (a
   * request handler, say), rather than once when the module loads.
   */
  perCall?: boolean;
  /** The result is stored in a module-level or instance variable: the code already caches it. */
  resultCached?: boolean;
  /** The key or item may hold attributes not read (a spread the front-end could not follow). */
  keyValuesPartial?: boolean;
  /** The operation's name as written: where a scan finding goes. */
  nameRange: SourceRange;
  /** The whole call. */
  range: SourceRange;
  /** Set when the operation is reported at a wrapper's call site: the calls from the site to the operation. */
  callChain?: WrapperCall[];
  /** For call-site operations: where the operation itself is written. */
  origin?: SourceRange;
  /** The file `origin` is in, when it is not the call site's (a wrapper imported from another module). */
  originFile?: string;
}
