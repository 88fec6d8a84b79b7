// Entry of the `dynamo-guard` command: dispatches to one module per sub-command and maps failures
// to exit codes (0 ok, 1 findings or AWS/user error, 2 usage or internal error).
import { CliError, UsageError, closest, optionSignature, optionsHelp } from './args';
import type { Command } from './command';
import { errorDetail } from '../core/aws/errors';
import { enableCompileCache } from './compileCache';
import { tuneJitForShortRuns } from './jitTiering';
import { GLOBAL_OPTIONS, processIo, type CliIo } from './io';
import { errorMessage } from '../core/errorMessage';

// Each command loads only what it needs, so `check` never pays for the AWS SDK and vice versa.
const commands: Record<string, () => Promise<Command>> = {
  check: () => import('./commands/check').then((m) => m.command),
  tables: () => import('./commands/tables').then((m) => m.command),
  get: () => import('./commands/get').then((m) => m.command),
  query: () => import('./commands/query').then((m) => m.command),
  metrics: () => import('./commands/metrics').then((m) => m.command),
  cost: () => import('./commands/cost').then((m) => m.command),
};

const commandNames = Object.keys(commands);

/** The top-level help: every command with its one-line summary. */
async function help(): Promise<string> {
  const loaded = await Promise.all(
    commandNames.map(async (name) => [name, (await (commands[name] as () => Promise<Command>)()).summary] as const),
  );
  const width = Math.max(...commandNames.map((n) => n.length));
  return (
    [
      'Usage: dynamo-guard <command> [options]',
      '',
      'Commands:',
      ...loaded.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
      '',
      'Run `dynamo-guard help <command>` or `dynamo-guard <command> --help` for the options of one command;',
      '`dynamo-guard --version` prints the version.',
    ].join('\n') + '\n'
  );
}

/** A command's `--help`: its summary, usage, and one line per option (its own first, then the shared AWS ones). */
export function commandHelp(command: Command): string {
  const lines = [command.summary, '', `Usage: ${command.usage}`];
  if (command.options) {
    const own = Object.fromEntries(
      Object.entries(command.options).filter(([name]) => !Object.hasOwn(GLOBAL_OPTIONS, name)),
    );
    const shared = Object.fromEntries(
      Object.entries(command.options).filter(([name]) => Object.hasOwn(GLOBAL_OPTIONS, name)),
    );
    const width = Math.max(...Object.entries(command.options).map(([name, s]) => optionSignature(name, s).length));
    const ownLines = optionsHelp(own, width);
    if (ownLines.length > 0) lines.push('', 'Options:', ...ownLines);
    const sharedLines = optionsHelp(shared, width);
    if (sharedLines.length > 0) lines.push('', 'AWS and output options:', ...sharedLines);
  }
  return `${lines.join('\n')}\n`;
}

function unknownCommand(io: CliIo, name: string): number {
  const near = closest(name, [...commandNames, 'help']);
  io.stderr(
    `dynamo-guard: unknown command "${name}"${near ? `: did you mean ${near}?` : '.'} Commands: ${commandNames.join(', ')}.\n`,
  );
  return 2;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  if (!name) {
    // No command is a usage error: the help goes where errors go.
    io.stderr(await help());
    return 2;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout(await help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (name === 'help') {
    const [topic, ...extra] = rest;
    if (extra.length > 0) {
      io.stderr(`dynamo-guard help: give one command, got ${rest.length}.\n`);
      return 2;
    }
    const loadTopic = Object.hasOwn(commands, topic as string) ? commands[topic as string] : undefined;
    if (!loadTopic) return unknownCommand(io, topic as string);
    io.stdout(commandHelp(await loadTopic()));
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) return unknownCommand(io, name);
  try {
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const pointer =
        /^unknown option /.test(err.message) && !/did you mean/.test(err.message)
          ? ` (see \`dynamo-guard ${name} --help\`)`
          : '';
      io.stderr(`dynamo-guard ${name}: ${err.message}${pointer}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      io.stderr(`dynamo-guard ${name}: ${err.message}\n`);
      if (debug && err.cause !== undefined) printCauses(io, err.cause);
      return 1;
    }
    const message = errorMessage(err);
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
  const unsupported = unsupportedNode(
    process.version,
    typeof __DYNAMO_GUARD_NODE_ENGINES__ === 'string' ? __DYNAMO_GUARD_NODE_ENGINES__ : undefined,
  );
  if (unsupported) {
    process.stderr.write(`${unsupported}\n`);
    process.exitCode = 2;
  } else {
    tuneJitForShortRuns();
    enableCompileCache(__dirname, ['analyzer.js', 'aws.js']);
    runCli(process.argv.slice(2)).then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        process.stderr.write(`dynamo-guard: internal error: ${String(err)}\n`);
        process.exitCode = 2;
      },
    );
  }
}
