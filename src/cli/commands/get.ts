// `dynamo-guard get <table> --pk <v> [--sk <v>]`: one item by its full key, with consumed capacity and cost.
import { hasFlag, optionValue, parseArgs } from '../args';
import { GLOBAL_OPTIONS, GLOBAL_OPTIONS_HELP } from '../io';
import type { Command } from '../main';
import { connectionFrom, formatFrom, printJson, tableAndPartitionKey, withAws } from './awsCommand';
import { formatUsd } from '../../core/pricing';

const SPEC = { ...GLOBAL_OPTIONS, pk: { arity: 1 }, sk: { arity: 1 }, consistent: { arity: 0 }, projection: { arity: 1, repeatable: true } } as const;

export const command: Command = {
  summary: 'Get one item by its full key (read-only), with consumed capacity and its cost.',
  usage: 'dynamo-guard get <table> --pk <value> [--sk <value>] [--consistent] [--projection <attr>]... [--format text|json] [--profile p] [--region r] [--endpoint-url u] [--timeout <seconds>]',
  help: GLOBAL_OPTIONS_HELP,
  async run(argv, io) {
    const args = parseArgs(argv, SPEC);
    const { table, pk } = tableAndPartitionKey(args);
    const sk = optionValue(args, 'sk');
    const format = formatFrom(args);
    const conn = connectionFrom(args, io);
    const projection = (args.options.get('projection') ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
    const result = await withAws(conn, table, undefined, async (aws) => {
      const model = await aws.describeTable(conn, table);
      return aws.getItem(conn, { table: model, pk, ...(sk !== undefined ? { sk } : {}), consistent: hasFlag(args, 'consistent'), ...(projection.length ? { projection } : {}) });
    });
    if (format === 'json') {
      printJson(io, result);
    } else {
      io.stdout(result.item ? `${JSON.stringify(result.item, null, 2)}\n` : 'No item with that key.\n');
      io.stdout(`Consumed ${result.consumedCapacity.readUnits} read units (${formatUsd(result.estimatedCostUsd)}).\n`);
    }
    return 0;
  },
};
