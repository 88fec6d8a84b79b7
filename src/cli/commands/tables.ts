// `dynamo-guard tables`: every table of the region with its keys, indexes, billing mode and (stale) size.
import { parseArgs, UsageError } from '../args';
import { GLOBAL_OPTIONS } from '../io';
import type { Command } from '../command';
import type { TableModel } from '../../core/tables/tableModel';
import { connectionFrom, formatFrom, printJson, withAws } from './awsCommand';

function keyText(t: {
  partitionKey: { name: string; type?: string };
  sortKey?: { name: string; type?: string };
}): string {
  const pk = `${t.partitionKey.name} (${t.partitionKey.type ?? '?'})`;
  return t.sortKey ? `${pk}, ${t.sortKey.name} (${t.sortKey.type ?? '?'})` : pk;
}

function describeLine(t: TableModel): string {
  const billing =
    t.billingMode === 'PAY_PER_REQUEST'
      ? 'on-demand'
      : `provisioned ${t.provisioned?.read ?? 0}/${t.provisioned?.write ?? 0}`;
  const indexes = t.indexes.map((i) => `${i.kind} ${i.name}: ${keyText(i)}`).join('; ');
  const size = t.itemCount !== undefined ? `, ~${t.itemCount} items, ~${t.sizeBytes ?? 0} bytes` : '';
  return `${t.name}  [${t.status}, ${billing}${size}]  keys: ${keyText(t)}${indexes ? `  indexes: ${indexes}` : ''}`;
}

export const command: Command = {
  summary: 'List every table of the region with keys, indexes, billing mode and size.',
  usage: 'dynamo-guard tables [options]',
  options: GLOBAL_OPTIONS,
  async run(argv, io) {
    const args = parseArgs(argv, GLOBAL_OPTIONS);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const format = formatFrom(args);
    const conn = connectionFrom(args, io);
    const tables = await withAws(conn, undefined, undefined, async (aws) => {
      const out: TableModel[] = [];
      for await (const name of aws.listTableNames(conn))
        out.push(await aws.describeTable(conn, name, { extras: true }));
      return out;
    });
    if (format === 'json') {
      printJson(io, { tables, sizeNote: 'itemCount and sizeBytes are refreshed by DynamoDB about every six hours.' });
      return 0;
    }
    if (tables.length === 0) io.stdout('No tables.\n');
    for (const t of tables) io.stdout(`${describeLine(t)}\n`);
    if (tables.length > 0) io.stdout('(Item counts and sizes are refreshed by DynamoDB about every six hours.)\n');
    return 0;
  },
};
