// `dynamo-guard query <table> --pk <v> [sort-key condition] [...]`: a key query on the table or an
// index, one page or every page under a read budget, with consumed capacity and cost.
import { hasFlag, optionValue, parseArgs, positiveInt, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import { GLOBAL_OPTIONS } from '../io';
import type { Command } from '../command';
import { MAX_LIMIT, type SortKeyCondition } from '../../core/query/requests';
import { ConditionSyntaxError, allOf, parseCondition, type Condition } from '../../core/query/conditionParser';
import {
  OUTPUT_OPTION,
  connectionFrom,
  formatFrom,
  itemEncodingFrom,
  printJson,
  tableAndPartitionKey,
  withAws,
} from './awsCommand';
import type { JsonValue } from '../../core/query/itemJson';
import { formatUsd } from '../../core/pricing';
import { errorMessage } from '../../core/errorMessage';

/** Default read budget of --all: 1,000 units is 250 strongly consistent 1 MB pages' worth of small reads, about $0.000125 on demand. */
export const DEFAULT_READ_BUDGET = 1000;

const SPEC = {
  pk: {
    arity: 1,
    value: '<value>',
    help: 'partition key value (typed by the key schema: numbers as digits, binaries as base64)',
  },
  sk: { arity: 1, value: '<v>', help: 'sort key equals this value' },
  'sk-begins-with': { arity: 1, value: '<v>', help: 'sort key begins with this prefix (string and binary keys)' },
  'sk-between': { arity: 2, value: '<a> <b>', help: 'sort key from a to b, both included' },
  'sk-gt': { arity: 1, value: '<v>', help: 'sort key greater than this value' },
  'sk-ge': { arity: 1, value: '<v>', help: 'sort key greater than or equal to this value' },
  'sk-lt': { arity: 1, value: '<v>', help: 'sort key less than this value' },
  'sk-le': { arity: 1, value: '<v>', help: 'sort key less than or equal to this value' },
  index: { arity: 1, value: '<name>', help: 'query this global or local secondary index' },
  limit: { arity: 1, value: '<n>', help: 'items DynamoDB evaluates per page (its Limit; default: up to 1 MB a page)' },
  all: { arity: 0, help: `read every page, up to the read budget (--max-read-units, default ${DEFAULT_READ_BUDGET})` },
  'max-items': {
    arity: 1,
    value: '<n>',
    help: 'return at most n items across pages (as the AWS CLI), then print the lastEvaluatedKey to continue from',
  },
  'exclusive-start-key': {
    arity: 1,
    value: '<json>',
    help: 'continue after this key: the lastEvaluatedKey a query printed, plain or DynamoDB JSON',
  },
  'max-read-units': {
    arity: 1,
    value: '<n>',
    help: 'with --all or --max-items, stop reading pages once this many read units are spent',
  },
  desc: { arity: 0, help: 'highest sort key first (ScanIndexForward false)' },
  consistent: { arity: 0, help: 'strongly consistent read (twice the read units; not on a GSI)' },
  projection: {
    arity: 1,
    repeatable: true,
    value: '<attr>',
    help: 'return only these top-level attributes (repeat, or separate with commas)',
  },
  filter: {
    arity: 1,
    repeatable: true,
    value: '<cond>',
    help: 'keep only items matching, e.g. \'status = "SHIPPED" and total > 100\' (read and paid for all the same)',
  },
  ...OUTPUT_OPTION,
  ...GLOBAL_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

const SK_FLAGS: ReadonlyArray<[string, SortKeyCondition['op']]> = [
  ['sk', '='],
  ['sk-begins-with', 'begins_with'],
  ['sk-between', 'between'],
  ['sk-gt', '>'],
  ['sk-ge', '>='],
  ['sk-lt', '<'],
  ['sk-le', '<='],
];

function sortKeyCondition(args: ParsedArgs): SortKeyCondition | undefined {
  const given = SK_FLAGS.filter(([flag]) => args.options.has(flag));
  if (given.length > 1)
    throw new UsageError(`give at most one sort-key condition, got ${given.map(([f]) => `--${f}`).join(' and ')}`);
  const [first] = given;
  if (!first) return undefined;
  return { op: first[1], values: args.options.get(first[0]) ?? [] };
}

/** Every --filter, parsed before any AWS call; several must all hold. Unreadable text is a usage error (exit 2). */
function filterCondition(texts: readonly string[]): Condition | undefined {
  return allOf(
    texts.map((text, i) => {
      try {
        return parseCondition(text);
      } catch (err) {
        if (!(err instanceof ConditionSyntaxError)) throw err;
        const which = texts.length > 1 ? `--filter #${i + 1}` : '--filter';
        throw new UsageError(`${which} at column ${err.column}: expected ${err.expected}, found ${err.found}`);
      }
    }),
  );
}

/** `--exclusive-start-key <json>`: any JSON object, read before any AWS call; whether it fits the key schema is checked once the table is described. */
function startKeyJson(args: ParsedArgs): JsonValue | undefined {
  const text = optionValue(args, 'exclusive-start-key');
  if (text === undefined) return undefined;
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new UsageError(
      `--exclusive-start-key must be JSON, such as the lastEvaluatedKey a query printed (${errorMessage(err)})`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UsageError('--exclusive-start-key must be a JSON object, such as the lastEvaluatedKey a query printed');
  return json;
}

/** A word for a POSIX shell: single-quoted, with any single quote closed, escaped and reopened. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

export const command: Command = {
  summary: 'Query a table or index by partition key (read-only), with consumed capacity and its cost.',
  usage:
    'dynamo-guard query <table> --pk <value> [--sk <v> | --sk-begins-with <v> | --sk-between <a> <b> | --sk-gt|--sk-ge|--sk-lt|--sk-le <v>] [options]',
  options: SPEC,
  async run(argv, io) {
    const args = parseArgs(argv, SPEC);
    const { table, pk } = tableAndPartitionKey(args);
    const sk = sortKeyCondition(args);
    const index = optionValue(args, 'index');
    const limit = positiveInt(args, 'limit', MAX_LIMIT, "DynamoDB's largest Limit");
    const all = hasFlag(args, 'all');
    const maxItems = positiveInt(args, 'max-items');
    const budget = positiveInt(args, 'max-read-units');
    if (budget !== undefined && !all && maxItems === undefined)
      throw new UsageError('--max-read-units applies only with --all or --max-items');
    const startKey = startKeyJson(args);
    const format = formatFrom(args);
    const encoding = itemEncodingFrom(args);
    const conn = connectionFrom(args, io);
    const projection = (args.options.get('projection') ?? [])
      .flatMap((p) => p.split(','))
      .map((p) => p.trim())
      .filter(Boolean);
    const filter = filterCondition(args.options.get('filter') ?? []);
    const readBudget = budget ?? DEFAULT_READ_BUDGET;
    const result = await withAws(conn, table, index, async (aws) => {
      const model = await aws.describeTable(conn, table);
      const spec = {
        table: model,
        pk,
        ...(sk ? { sk } : {}),
        ...(index !== undefined ? { index } : {}),
        ...(limit !== undefined ? { limit } : {}),
        descending: hasFlag(args, 'desc'),
        consistent: hasFlag(args, 'consistent'),
        ...(projection.length ? { projection } : {}),
        ...(filter ? { filter } : {}),
        ...(startKey !== undefined ? { startKey: aws.startKeyFrom(startKey, model, index) } : {}),
      };
      const pages =
        maxItems !== undefined
          ? aws.queryPagesUpTo(conn, spec, maxItems, { readBudget })
          : aws.queryPages(conn, spec, all ? { maxPages: Number.POSITIVE_INFINITY, readBudget } : { maxPages: 1 });
      const collected = await aws.collectPages(model, pages);
      const notes: string[] = [];
      if (filter) notes.push(aws.FILTER_NOTE);
      const short = maxItems !== undefined ? collected.count < maxItems : all;
      if (short && collected.lastEvaluatedKey)
        notes.push(`Stopped at the read budget of ${readBudget} units (--max-read-units); more items remain.`);
      const encode = encoding === 'dynamodb-json' ? aws.itemToDynamoDbJson : aws.itemToJson;
      return {
        items: encoding === 'dynamodb-json' ? collected.rawItems.map(aws.itemToDynamoDbJson) : collected.items,
        count: collected.count,
        scannedCount: collected.scannedCount,
        lastEvaluatedKey: collected.lastEvaluatedKey ? encode(collected.lastEvaluatedKey) : null,
        consumedCapacity: collected.consumedCapacity,
        estimatedCostUsd: collected.estimatedCostUsd,
        pages: collected.pages,
        notes,
      };
    });
    if (format === 'json') {
      printJson(io, result);
      return 0;
    }
    for (const item of result.items) io.stdout(`${JSON.stringify(item)}\n`);
    // DynamoDB JSON is for piping into other tools: the items alone on stdout, one a line, the rest on stderr.
    const notes = encoding === 'dynamodb-json' ? io.stderr : io.stdout;
    const resume = result.lastEvaluatedKey ? JSON.stringify(result.lastEvaluatedKey) : undefined;
    const more = resume
      ? ` More items remain after ${resume} (continue with --exclusive-start-key ${shellWord(resume)}${all || maxItems !== undefined ? '' : ', or use --all'}).`
      : '';
    notes(
      `${result.count} item(s), ${result.scannedCount} read, ${result.pages} page(s); consumed ${result.consumedCapacity.readUnits} read units (${formatUsd(result.estimatedCostUsd)}).${more}\n`,
    );
    for (const note of result.notes) notes(`Note: ${note}\n`);
    return 0;
  },
};
