// Entry of the `dynamo-guard` command: dispatches to one module per sub-command and maps failures
// to exit codes (0 ok, 1 findings or AWS/user error, 2 usage or internal error).
import { CliError, UsageError } from './args';
import { errorDetail } from '../core/aws/errors';
import { enableCompileCache } from './compileCache';
import { processIo, type CliIo } from './io';

export interface Command {
  /** One line for `dynamo-guard --help`. */
  summary: string;
  usage: string;
  /** More `--help` text after the usage line (the options the command shares with others). */
  help?: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

// Each command loads only what it needs, so `check` never pays for the AWS SDK and vice versa.
const commands: Record<string, () => Promise<Command>> = {
  check: () => import('./commands/check').then((m) => m.command),
  tables: () => import('./commands/tables').then((m) => m.command),
  get: () => import('./commands/get').then((m) => m.command),
  query: () => import('./commands/query').then((m) => m.command),
  metrics: () => import('./commands/metrics').then((m) => m.command),
  cost: () => import('./commands/cost').then((m) => m.command),
};

function help(): string {
  const lines = ['Usage: dynamo-guard <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(commands)) lines.push(`  ${name}`);
  lines.push('', 'Run `dynamo-guard <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`dynamo-guard: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  try {
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n${command.help ? `\n${command.help}\n` : ''}`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`dynamo-guard ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      io.stderr(`dynamo-guard ${name}: ${err.message}\n`);
      if (debug && err.cause !== undefined) printCauses(io, err.cause);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`dynamo-guard ${name}: internal error: ${message}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return 2;
  }
}

/** `--debug`: every error of the chain with what the service said, then the innermost stack. */
function printCauses(io: CliIo, cause: unknown): void {
  // The sentence is already printed: start at what the SDK or the service said.
  let first = cause;
  while (first instanceof Error && first.name === 'AwsProblem' && first.cause !== undefined) first = first.cause;
  for (const line of errorDetail(first)) io.stderr(`  ${line}\n`);
  let innermost = first;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  if (innermost instanceof Error && innermost.stack) io.stderr(`${innermost.stack}\n`);
}

/** One sentence when this Node is older than `engines` (package.json's `>=N`) allows; undefined when it is supported. */
export function unsupportedNode(version: string, engines: string | undefined): string | undefined {
  const minimum = /^>=\s*(\d+)/.exec(engines ?? '')?.[1];
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (minimum === undefined || !(major < Number(minimum))) return undefined;
  return `dynamo-guard needs Node.js ${minimum} or later; this is Node.js ${version.replace(/^v/, '')}.`;
}

declare const __DYNAMO_GUARD_VERSION__: string | undefined;
declare const __DYNAMO_GUARD_NODE_ENGINES__: string | undefined;
const VERSION = typeof __DYNAMO_GUARD_VERSION__ === 'string' ? __DYNAMO_GUARD_VERSION__ : '0.0.0-dev';

if (require.main === module) {
  const unsupported = unsupportedNode(process.version, typeof __DYNAMO_GUARD_NODE_ENGINES__ === 'string' ? __DYNAMO_GUARD_NODE_ENGINES__ : undefined);
  if (unsupported) {
    process.stderr.write(`${unsupported}\n`);
    process.exitCode = 2;
  } else {
    enableCompileCache(__dirname, ['analyzer.js', 'aws.js']);
    runCli(process.argv.slice(2)).then(
      (code) => { process.exitCode = code; },
      (err) => { process.stderr.write(`dynamo-guard: internal error: ${String(err)}\n`); process.exitCode = 2; },
    );
  }
}
