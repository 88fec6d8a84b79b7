// Parses `dynamo-guard` command lines against a declared option spec; any surprise is a UsageError.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An AWS or user-input failure: exit code 1, one readable line on stderr. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface OptionSpec {
  /** Number of values the option takes: 0 for a boolean flag. */
  arity: number;
  /** May be given more than once (values accumulate). */
  repeatable?: boolean;
  /** A one-letter alias: `o` lets `-o <file>` stand for the option. */
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  /** Each option's values in order; a boolean flag maps to []. */
  options: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i] as string;
    const aliased = arg.length === 2 && arg[0] === '-' ? Object.keys(spec).find((k) => spec[k]?.short === arg[1]) : undefined;
    if (aliased) arg = `--${aliased}`;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    let name = arg.slice(2);
    let inline: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      inline = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    if (options.has(name) && !s.repeatable) throw new UsageError(`--${name} given more than once`);
    const values: string[] = [];
    if (inline !== undefined) {
      if (s.arity !== 1) throw new UsageError(`--${name} does not take "=value"`);
      values.push(inline);
    } else {
      for (let k = 0; k < s.arity; k++) {
        const v = argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs ${s.arity === 1 ? 'a value' : `${s.arity} values`}`);
        values.push(v);
      }
    }
    options.set(name, [...(options.get(name) ?? []), ...values]);
  }
  return { positionals, options };
}

export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return v && v.length > 0 ? v[v.length - 1] : undefined;
}

export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}

/** A whole-number option from 1 to `max`; `maxReason` says where the maximum comes from. */
export function positiveInt(args: ParsedArgs, name: string, max = Number.MAX_SAFE_INTEGER, maxReason?: string): number | undefined {
  const raw = optionValue(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`);
  if (Number(raw) > max) throw new UsageError(`--${name} must be at most ${max}${maxReason ? ` (${maxReason})` : ''}, got "${raw}"`);
  return Number(raw);
}

export type OutputFormat = 'text' | 'json';
