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
  /** How `--help` shows the value(s), e.g. `<seconds>`; default `<value>` per value. */
  value?: string;
  /** One line for `--help`; an option without one is left out of it (`--help` itself). */
  help?: string;
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
    const aliased =
      arg.length === 2 && arg[0] === '-' ? Object.keys(spec).find((k) => spec[k]?.short === arg[1]) : undefined;
    if (aliased) arg = `--${aliased}`;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw unknownOption(arg, arg.slice(1).split('=')[0] as string, spec);
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
    const s = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!s) throw unknownOption(`--${name}`, name, spec);
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

function unknownOption(given: string, name: string, spec: Readonly<Record<string, OptionSpec>>): UsageError {
  const near = closest(name, Object.keys(spec));
  return new UsageError(`unknown option ${given}${near !== undefined ? `: did you mean --${near}?` : ''}`);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive: the number
 * of inserted, deleted, replaced or swapped characters between a typo and what was meant.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[x.length] as number[])[y.length] as number;
}

/**
 * The known word a typo most likely meant: the nearest within a third of its length (at least one,
 * at most three edits), else the only one it is the start of (`--endpoint` for `--endpoint-url`).
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  if (!word) return undefined;
  const allowed = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= allowed) return best;
  const extending = word.length >= 3 ? known.filter((k) => k.toLowerCase().startsWith(word.toLowerCase())) : [];
  return extending.length === 1 ? extending[0] : undefined;
}

/** The left column of an option's `--help` line: `--name <value>`, with `...` when it repeats. */
export function optionSignature(name: string, s: OptionSpec): string {
  const value = s.arity === 0 ? '' : ` ${s.value ?? Array.from({ length: s.arity }, () => '<value>').join(' ')}`;
  return `--${name}${value}${s.repeatable ? '...' : ''}`;
}

/** `--help` lines of these options, one each, the text starting at column `width` + 4. */
export function optionsHelp(spec: Readonly<Record<string, OptionSpec>>, width: number): string[] {
  return Object.entries(spec)
    .filter(([, s]) => s.help !== undefined)
    .map(([name, s]) => `  ${optionSignature(name, s).padEnd(width)}  ${s.help as string}`);
}

export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return v && v.length > 0 ? v[v.length - 1] : undefined;
}

export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}

/** A whole-number option from 1 to `max`; `maxReason` says where the maximum comes from. */
export function positiveInt(
  args: ParsedArgs,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
  maxReason?: string,
): number | undefined {
  const raw = optionValue(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0)
    throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`);
  if (Number(raw) > max)
    throw new UsageError(`--${name} must be at most ${max}${maxReason ? ` (${maxReason})` : ''}, got "${raw}"`);
  return Number(raw);
}

export type OutputFormat = 'text' | 'json';
