// `dynamo-guard get <table> --pk <v> [--sk <v>]`: one item by its full key, with consumed capacity and cost.
import { hasFlag, optionValue, parseArgs, type OptionSpec } from '../args';
import { GLOBAL_OPTIONS } from '../io';
import type { Command } from '../command';
import {
  OUTPUT_OPTION,
  connectionFrom,
  formatFrom,
  itemEncodingFrom,
  printJson,
  tableAndPartitionKey,
  withAws,
} from './awsCommand';
import { formatUsd } from '../../core/pricing';

const SPEC = {
  pk: {
    arity: 1,
    value: '<value>',
    help: 'partition key value (typed by the key schema: numbers as digits, binaries as base64)',
  },
  sk: { arity: 1, value: '<value>', help: 'sort key value; required when the table has a sort key' },
  consistent: { arity: 0, help: 'strongly consistent read (twice the read units)' },
  projection: {
    arity: 1,
    repeatable: true,
    value: '<attr>',
    help: 'return only these top-level attributes (repeat, or separate with commas)',
  },
  ...OUTPUT_OPTION,
  ...GLOBAL_OPTIONS,
} as const satisfies Record<string, OptionSpec>;

export const command: Command = {
  summary: 'Get one item by its full key (read-only), with consumed capacity and its cost.',
  usage: 'dynamo-guard get <table> --pk <value> [--sk <value>] [options]',
  options: SPEC,
  async run(argv, io) {
    const args = parseArgs(argv, SPEC);
    const { table, pk } = tableAndPartitionKey(args);
    const sk = optionValue(args, 'sk');
    const format = formatFrom(args);
    const encoding = itemEncodingFrom(args);
    const conn = connectionFrom(args, io);
    const projection = (args.options.get('projection') ?? [])
      .flatMap((p) => p.split(','))
      .map((p) => p.trim())
      .filter(Boolean);
    const { result, typed } = await withAws(conn, table, undefined, async (aws) => {
      const model = await aws.describeTable(conn, table);
      const got = await aws.getItem(conn, {
        table: model,
        pk,
        ...(sk !== undefined ? { sk } : {}),
        consistent: hasFlag(args, 'consistent'),
        ...(projection.length ? { projection } : {}),
      });
      return { result: got, typed: got.rawItem ? aws.itemToDynamoDbJson(got.rawItem) : null };
    });
    const item = encoding === 'dynamodb-json' ? typed : result.item;
    if (format === 'json') {
      printJson(io, { item, consumedCapacity: result.consumedCapacity, estimatedCostUsd: result.estimatedCostUsd });
      return 0;
    }
    // DynamoDB JSON is for piping into other tools: the item alone on stdout, the rest on stderr.
    const notes = encoding === 'dynamodb-json' ? io.stderr : io.stdout;
    if (item) io.stdout(`${JSON.stringify(item, null, 2)}\n`);
    else notes('No item with that key.\n');
    notes(`Consumed ${result.consumedCapacity.readUnits} read units (${formatUsd(result.estimatedCostUsd)}).\n`);
    return 0;
  },
};
