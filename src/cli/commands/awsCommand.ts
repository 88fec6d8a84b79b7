// What the AWS-facing commands share: the connection from the global flags, the output format, and
// turning input mistakes and SDK failures into a CliError with one readable sentence.
import type { ConnectionOptions, MfaCodeProvider } from '../../core/aws/clients';
import type * as AwsEntry from '../../core/entries/aws';
import { CliError, UsageError, optionValue, positiveInt, type OutputFormat, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { isHttpUrl } from '../../core/connections';
import { forEachConcurrently } from '../../core/concurrency';
import type { TableModel } from '../../core/tables/tableModel';
import { mfaCodeProvider } from '../mfaCode';

/** Most `--timeout` accepts: an hour per attempt is already far past any useful answer. */
const MAX_TIMEOUT_SECONDS = 3600;

/** A connection from the command line, with who gives an MFA code when the profile's role needs one. */
export interface CliConnection extends ConnectionOptions {
  mfaCodeProvider: MfaCodeProvider;
}

export function connectionFrom(args: ParsedArgs, io: CliIo): CliConnection {
  const profile = optionValue(args, 'profile');
  const region = optionValue(args, 'region') ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const endpoint = optionValue(args, 'endpoint-url');
  if (endpoint !== undefined && !isHttpUrl(endpoint))
    throw new UsageError(`--endpoint-url must be an http(s) URL, got "${endpoint}"`);
  const timeout = positiveInt(args, 'timeout', MAX_TIMEOUT_SECONDS, 'seconds per attempt');
  const mfa = mfaCodeProvider(optionValue(args, 'mfa-code'), io);
  return {
    ...(profile ? { profile } : {}),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(timeout !== undefined ? { requestTimeoutMs: timeout * 1000 } : {}),
    timeoutHint: '--timeout <seconds>',
    mfaCodeProvider: mfa,
  };
}

/**
 * `--endpoint-url` points DynamoDB somewhere (DynamoDB Local); CloudWatch gets its own flag. Without it the
 * CloudWatch client has no explicit endpoint, so the SDK's own AWS_ENDPOINT_URL_CLOUDWATCH and profile
 * `endpoint_url` settings apply unchanged.
 */
export function cloudWatchConnection(args: ParsedArgs, conn: ConnectionOptions): ConnectionOptions {
  const endpoint = optionValue(args, 'cloudwatch-endpoint-url');
  const { endpoint: _dynamoDbEndpoint, ...rest } = conn;
  if (endpoint === undefined) return rest;
  if (!isHttpUrl(endpoint)) throw new UsageError(`--cloudwatch-endpoint-url must be an http(s) URL, got "${endpoint}"`);
  return { ...rest, endpoint };
}

/** DescribeTable calls at once when a command describes many tables. */
const DESCRIBE_CONCURRENCY = 4;

/**
 * The named tables, or every table of the region, described a few at a time, in order. `extras`
 * adds TTL and point-in-time recovery (cost prices the backups from it).
 */
export async function describeTables(
  aws: typeof AwsEntry,
  conn: ConnectionOptions,
  names: readonly string[] | undefined,
  options: { extras?: boolean } = {},
): Promise<TableModel[]> {
  const list: string[] = [];
  if (names) list.push(...names);
  else for await (const name of aws.listTableNames(conn)) list.push(name);
  const out = new Array<TableModel>(list.length);
  await forEachConcurrently(list, DESCRIBE_CONCURRENCY, async (name, i) => {
    out[i] = await aws.describeTable(conn, name, options.extras ? { extras: true } : undefined);
  });
  return out;
}

/** `<table> --pk <value>`: the positional table and partition key both key commands require. */
export function tableAndPartitionKey(args: ParsedArgs): { table: string; pk: string } {
  const [table, ...extra] = args.positionals;
  if (!table) throw new UsageError('missing <table>');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const pk = optionValue(args, 'pk');
  if (pk === undefined) throw new UsageError('missing --pk <value>');
  return { table, pk };
}

/** How items are written: plain JSON (the default and the JSON contract) or DynamoDB's typed JSON. */
export type ItemEncoding = 'json' | 'dynamodb-json';

export const OUTPUT_OPTION = {
  output: {
    arity: 1,
    value: 'json|dynamodb-json',
    help: 'how items are written: plain JSON (default), or DynamoDB JSON ({"S": "x"}) that `aws dynamodb put-item --item` takes; with text format the items alone go to stdout',
  },
} as const;

export function itemEncodingFrom(args: ParsedArgs): ItemEncoding {
  const output = optionValue(args, 'output') ?? 'json';
  if (output !== 'json' && output !== 'dynamodb-json')
    throw new UsageError(`--output must be json or dynamodb-json, got "${output}"`);
  return output;
}

export function formatFrom(args: ParsedArgs): OutputFormat {
  const format = optionValue(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got "${format}"`);
  return format;
}

/** Runs the AWS part of a command; every failure leaves as a CliError whose message is one sentence. */
export async function withAws<T>(
  conn: CliConnection,
  table: string | undefined,
  index: string | undefined,
  work: (aws: typeof AwsEntry) => Promise<T>,
): Promise<T> {
  const aws = await import('../../core/entries/aws');
  aws.setMfaCodeProvider(conn.mfaCodeProvider);
  try {
    return await work(aws);
  } catch (err) {
    if (err instanceof CliError || err instanceof UsageError) throw err;
    if (err instanceof aws.QueryInputError) throw new CliError(err.message, { cause: err });
    const { profile, region, endpoint } = conn;
    const problem = aws.toAwsProblem(err, {
      ...(profile ? { profile } : {}),
      ...(region ? { region } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(table ? { table } : {}),
      ...(index ? { index } : {}),
    });
    throw new CliError(problem.message, { cause: err });
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
