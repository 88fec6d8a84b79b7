// What every sub-command module exports: its help text, its options and how it runs.
import type { OptionSpec } from './args';
import type { CliIo } from './io';

export interface Command {
  /** One line for `dynamo-guard --help`. */
  summary: string;
  usage: string;
  /** Every option the command parses, with its `--help` line; without it, `usage` lists them itself. */
  options?: Readonly<Record<string, OptionSpec>>;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
