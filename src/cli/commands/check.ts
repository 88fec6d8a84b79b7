// `dynamo-guard check [paths | globs | -]`: analyze files for Scans and single-value partition keys
// and report as text, JSON, SARIF, GitHub annotations, GitLab Code Quality or JUnit; the exit code
// gates CI (0 clean, 1 findings, 2 usage, a path or glob that matches nothing, invalid configuration,
// unreadable input or internal error), failing closed like ESLint.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Baseline } from '../../core/analyzer/baseline';
import { ProjectFileError, readProjectFile } from '../../core/workspace/projectFile';
import type { Finding, Severity } from '../../core/analyzer/finding';
import type { ProjectStats } from '../../core/analyzer/project';
import type { ProjectProblem } from '../../core/analyzer/projectFiles';
import type { LoadedConfig } from '../../core/config/configModel';
import { compileGlob, expandBraces, GlobError, globBase, hasGlobMagic } from '../../core/workspace/glob';
import { hasFlag, optionValue, parseArgs, positiveInt, UsageError } from '../args';
import type { CliIo } from '../io';
import type { Command } from '../command';
import { formatGithub } from '../report/githubReport';
import { formatGitlab } from '../report/gitlabReport';
import { formatJson } from '../report/jsonReport';
import { formatJunit } from '../report/junitReport';
import { isIncomplete, type ReportInput } from '../report/reportInput';
import { formatSarif } from '../report/sarifReport';
import { colorEnabled, countAtOrAbove, formatText } from '../report/textReport';

export const DEFAULT_CONFIG_FILE = 'dynamo-guard.config.json';

type Format = 'text' | 'json' | 'sarif' | 'github' | 'gitlab' | 'junit';
type FailOn = Severity | 'never';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];
/** Scans and constant keys are reported as warnings by default, so the gate starts there. */
export const DEFAULT_FAIL_ON: FailOn = 'warning';
/** What makes a folder a project of its own, with its own configuration: as `projectRootOf` finds them. */
const PROJECT_MARKERS: readonly string[] = [DEFAULT_CONFIG_FILE, '.git'];
/** How standard input is shown without --stdin-filename. */
const STDIN_NAME = '<stdin>';

const SPEC = {
  format: { arity: 1 },
  'output-file': { arity: 1, short: 'o' },
  config: { arity: 1 },
  'fail-on': { arity: 1 },
  'max-warnings': { arity: 1 },
  quiet: { arity: 0 },
  baseline: { arity: 1 },
  'write-baseline': { arity: 1 },
  stdin: { arity: 0 },
  'stdin-filename': { arity: 1 },
  'no-error-on-unmatched-pattern': { arity: 0 },
  workers: { arity: 1 },
  debug: { arity: 0 },
  help: { arity: 0 },
} as const;

declare const __DYNAMO_GUARD_VERSION__: string | undefined;
const VERSION = typeof __DYNAMO_GUARD_VERSION__ === 'string' ? __DYNAMO_GUARD_VERSION__ : '0.0.0-dev';

export const command: Command = {
  summary: 'Find DynamoDB Scans and single-value partition keys in JS/TS code.',
  usage: [
    'dynamo-guard check [paths or globs...] [options]',
    '       dynamo-guard check --stdin --stdin-filename <path>   (or: check -)',
    '',
    "Paths are files or folders (default: .). Quoted globs ('src/**/*.ts', {a,b}, [a-z]) are expanded by",
    'dynamo-guard, .gitignore respected. Each file is checked with the dynamo-guard.config.json nearest above it.',
    '',
    'Options:',
    '  --format <f>                      text, json, sarif, github (workflow annotations),',
    '                                    gitlab (Code Quality) or junit (default: text)',
    '  -o, --output-file <file>          write the report to this file instead of standard output',
    `  --config <file>                   configuration for every file (default: the nearest ${DEFAULT_CONFIG_FILE})`,
    `  --fail-on <severity>             error, warning, info or never: exit 1 when a finding is at or above this severity (default: ${DEFAULT_FAIL_ON})`,
    '  --max-warnings <n>                also exit 1 when there are more than n warnings',
    '  --quiet                           report errors only (warnings and infos neither shown nor counted)',
    '  --baseline <file>                 report only findings not listed in this baseline',
    '  --write-baseline <file>           record the current findings as the baseline and exit 0',
    '  --stdin                           check standard input (editors, pre-commit hooks)',
    '  --stdin-filename <path>           the file standard input stands for: its project, config and path',
    '  --no-error-on-unmatched-pattern   a path or glob that matches no file is not an error',
    '  --workers <n>                     worker threads for large trees (default: one per extra core; capped by cores and files)',
    '  --debug                           print timings and per-file problems on stderr',
    '',
    'Colour: on a terminal only; FORCE_COLOR=1 forces it, NO_COLOR=1 turns it off.',
  ].join('\n'),
  run: runCheck,
};

/** One path or glob of the command line, resolved against the working directory. */
interface Target {
  /** As typed, for messages. */
  given: string;
  /** The file or folder named, or the folder a glob is walked from. */
  abs: string;
  isDirectory: boolean;
  /** For a glob: whether a file found below `abs` matches it. */
  matches?: (file: string) => boolean;
}

/** A project to check: its root (configuration, key schemas) and the paths within it. */
interface ProjectRun {
  root: string;
  paths: Set<string>;
}

export async function runCheck(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const format = (optionValue(args, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const failOn = (optionValue(args, 'fail-on') ?? DEFAULT_FAIL_ON) as FailOn;
  if (!FAIL_ON.includes(failOn))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
  const maxWarningsRaw = optionValue(args, 'max-warnings');
  if (maxWarningsRaw !== undefined && !/^\d+$/.test(maxWarningsRaw))
    throw new UsageError(`--max-warnings must be a whole number, 0 or more, got "${maxWarningsRaw}"`);
  const maxWarnings = maxWarningsRaw === undefined ? undefined : Number(maxWarningsRaw);
  const quiet = hasFlag(args, 'quiet');
  const writeBaselineFile = optionValue(args, 'write-baseline');
  if (optionValue(args, 'baseline') && writeBaselineFile)
    throw new UsageError(
      '--baseline and --write-baseline cannot be combined; --write-baseline records every current finding',
    );
  const workers = optionValue(args, 'workers') === '0' ? 0 : positiveInt(args, 'workers');
  const debug = hasFlag(args, 'debug');
  const errorOnUnmatched = !hasFlag(args, 'no-error-on-unmatched-pattern');
  const cwd = io.cwd;
  const outputFile = optionValue(args, 'output-file');
  if (outputFile !== undefined && (outputFile === '' || isDirectory(path.resolve(cwd, outputFile))))
    throw new UsageError(`--output-file needs a file name, got "${outputFile}"`);

  const dash = args.positionals.includes('-');
  const stdin = hasFlag(args, 'stdin') || dash;
  const stdinFilename = optionValue(args, 'stdin-filename');
  if (stdinFilename !== undefined && !stdin)
    throw new UsageError('--stdin-filename names the file standard input stands for; add --stdin');
  if (stdin && args.positionals.some((p) => p !== '-'))
    throw new UsageError('--stdin (or -) checks standard input only; leave out the paths');
  if (stdin && writeBaselineFile)
    throw new UsageError('--write-baseline records a whole tree; it cannot be combined with --stdin');
  if (stdin && (!io.stdin || io.stdin.isTty)) {
    throw new UsageError(
      '--stdin reads the file from standard input, which is a terminal here; pipe it in: cat src/app.ts | dynamo-guard check --stdin --stdin-filename src/app.ts',
    );
  }

  let explicitConfig = optionValue(args, 'config');
  if (explicitConfig !== undefined) {
    explicitConfig = path.resolve(cwd, explicitConfig);
    if (!fs.existsSync(explicitConfig)) throw new UsageError(`config file ${optionValue(args, 'config')} not found`);
  }

  // Paths and globs are resolved before anything loads: a typo is a usage error, not an empty run.
  const targets = stdin ? [] : resolveTargets(args.positionals.length > 0 ? args.positionals : ['.'], cwd);
  const stdinFile = stdin ? path.resolve(cwd, stdinFilename ?? `${STDIN_NAME}.ts`) : undefined;
  const contents = new Map<string, Uint8Array>();
  if (stdinFile !== undefined) contents.set(stdinFile, await (io.stdin as NonNullable<CliIo['stdin']>).read());

  // The analyzer bundle (TypeScript parser) loads only now, and never the AWS SDK.
  const engine = await import('../../core/entries/analyzer');

  // Each file is checked within its own project (configuration, key schemas, ignore globs): the
  // nearest folder above it with a configuration (or `.git`). A folder walked from a project that
  // holds its own configuration becomes a project of its own, so a monorepo keeps one per service.
  const runs = new Map<string, ProjectRun>();
  const addPath = (root: string, p: string): void => {
    const run = runs.get(root) ?? { root, paths: new Set<string>() };
    run.paths.add(p);
    runs.set(root, run);
  };
  if (stdinFile !== undefined) addPath(engine.projectRootOf(stdinFile), stdinFile);
  // A glob is walked from its folder; one whose folder is not there matches nothing.
  for (const t of targets) if (!t.matches || t.isDirectory) addPath(engine.projectRootOf(t.abs), t.abs);
  // With globs, a walked file is checked when a folder named outright or a glob's folder holds it and the glob matches.
  const include = !targets.some((t) => t.matches)
    ? undefined
    : (file: string): boolean =>
        targets.some((t) => t.isDirectory && isWithin(file, t.abs) && (t.matches?.(file) ?? true));

  const loadedConfigs = new Map<string, LoadedConfig>();
  const configErrors: string[] = [];
  const loadFor = (root: string): LoadedConfig | undefined => {
    const source = explicitConfig ?? root;
    let loaded = loadedConfigs.get(source);
    if (!loaded) {
      loaded = engine.loadConfig(source);
      loadedConfigs.set(source, loaded);
      // Defaults in place of a broken configuration could pass a run the configuration would fail (`scan: error`).
      configErrors.push(...loaded.problems.map((p) => describeConfigProblem(cwd, p)));
    }
    return loaded.problems.length > 0 ? undefined : loaded;
  };
  for (const root of runs.keys()) loadFor(root);
  const configInvalid = (): number => {
    for (const e of configErrors) io.stderr(`dynamo-guard check: ${e}\n`);
    io.stderr(
      `dynamo-guard check: the configuration is invalid; fix ${configErrors.length === 1 ? 'it' : 'these'} (no report was made)\n`,
    );
    return 2;
  };
  if (configErrors.length > 0) return configInvalid();

  const explicitBaseline = optionValue(args, 'baseline');
  const baselines = new Map<string, { baseline: Baseline; dir: string }>();
  // A baseline the config names comes with the project, so it must be the project's own: inside the
  // project or the config's folder (`insideOf`). One named on the command line can be anywhere.
  const readBaseline = (file: string, shown: string, insideOf?: string[]): { baseline: Baseline; dir: string } => {
    const cached = baselines.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = readProjectFile(file, { label: `baseline file ${shown}`, ...(insideOf ? { insideOf } : {}) });
    } catch (err) {
      if (!(err instanceof ProjectFileError)) throw err;
      throw new UsageError(
        err.code === 'not-found' ? `${err.message}; create it with --write-baseline ${shown}` : err.message,
      );
    }
    try {
      const read = { baseline: engine.parseBaseline(text, shown), dir: path.dirname(file) };
      baselines.set(file, read);
      return read;
    } catch (err) {
      if (err instanceof engine.BaselineError) throw new UsageError(err.message);
      throw err;
    }
  };

  let findings: Finding[] = [];
  const problems: ProjectProblem[] = [];
  const stats: ProjectStats = {
    filesScanned: 0,
    filesAnalyzed: 0,
    durationMs: 0,
    suppressed: 0,
    baselined: 0,
    filesSkipped: 0,
    workers: 0,
    filesAnalyzedInWorkers: 0,
  };
  const schemaProblems: string[] = [];
  const filesFound: string[] = [];
  const rootsChecked: string[] = [];
  let tableCount = 0;
  const started = performance.now();
  const fromCwd = (root: string, file: string): string => {
    const abs = path.resolve(root, file);
    return abs === stdinFile && stdinFilename === undefined
      ? STDIN_NAME
      : engine.toPosix(path.relative(cwd, abs)) || '.';
  };
  const pending = [...runs.values()];
  while (pending.length > 0) {
    // Outer projects first: the nested projects a walk finds are deeper, so none has been checked yet.
    pending.sort((a, b) => a.root.length - b.root.length);
    const { root, paths } = pending.shift() as ProjectRun;
    const loaded = loadFor(root);
    if (!loaded) continue;
    rootsChecked.push(root);
    // A baseline named in the config applies unless the run names or writes one.
    let baseline: { baseline: Baseline; dir: string } | undefined;
    if (explicitBaseline) baseline = readBaseline(path.resolve(cwd, explicitBaseline), explicitBaseline);
    else if (!writeBaselineFile && loaded.config.baseline && loaded.file) {
      const file = path.resolve(path.dirname(loaded.file), loaded.config.baseline);
      baseline = readBaseline(file, path.relative(cwd, file), [root, path.dirname(loaded.file)]);
    }
    const result = await engine.analyzeProject({
      root,
      paths: [...paths],
      config: loaded.config,
      // Configured schemas win over the ones found in infrastructure code, read in the same walk.
      tables: loaded.tables,
      discoverSchemas: true,
      ...(baseline ? { baseline } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(include ? { include } : {}),
      ...(explicitConfig === undefined ? { nestedProjectMarkers: PROJECT_MARKERS } : {}),
      ...(contents.size > 0 ? { contents } : {}),
    });
    for (const nested of result.nestedProjects) {
      const known = pending.find((r) => r.root === nested);
      if (known) known.paths.add(nested);
      else pending.push({ root: nested, paths: new Set([nested]) });
    }
    for (const f of result.findings) {
      findings.push({
        ...f,
        file: fromCwd(root, f.file),
        ...(f.related ? { related: f.related.map((r) => ({ ...r, file: fromCwd(root, r.file) })) } : {}),
      });
    }
    for (const f of result.files) filesFound.push(path.resolve(root, f));
    problems.push(
      ...result.problems.map((p) => ({ ...p, ...(p.file !== undefined ? { file: fromCwd(root, p.file) } : {}) })),
    );
    for (const key of [
      'filesScanned',
      'filesAnalyzed',
      'suppressed',
      'baselined',
      'filesSkipped',
      'filesAnalyzedInWorkers',
    ] as const)
      stats[key] += result.stats[key];
    stats.workers = Math.max(stats.workers, result.stats.workers);
    if (result.stats.workersRequested !== undefined) {
      io.stderr(
        `dynamo-guard check: --workers ${result.stats.workersRequested} capped to ${result.stats.workers} (${os.availableParallelism()} cores, main thread included; ${result.stats.filesAnalyzed} files to analyze, at least ${engine.MIN_FILES_PER_WORKER} per worker and none for ${engine.PARALLEL_THRESHOLD} or fewer)\n`,
      );
    }
    schemaProblems.push(...result.schemaProblems.map((p) => describeProblem({ ...p, file: fromCwd(root, p.file) })));
    tableCount += result.tables.length;
  }
  if (configErrors.length > 0) return configInvalid();
  findings.sort(engine.compareFindings);
  problems.sort((a, b) => ((a.file ?? '') < (b.file ?? '') ? -1 : (a.file ?? '') > (b.file ?? '') ? 1 : 0));
  stats.durationMs = Math.round(performance.now() - started);

  // A path or glob that matches nothing is a mistake (a typo, a folder with no JS/TS, a glob the
  // shell did not expand the way it was meant): say so rather than pass an empty run.
  const unmatched = errorOnUnmatched ? unmatchedTargets(targets, filesFound) : [];
  if (unmatched.length > 0) {
    for (const t of unmatched)
      io.stderr(`dynamo-guard check: ${t} (pass --no-error-on-unmatched-pattern to allow it)\n`);
    return 2;
  }

  if (debug) for (const p of schemaProblems) io.stderr(`dynamo-guard check: ${p}\n`);
  // The text report lists skipped files itself; other formats and files keep them apart, so people see them here.
  if (format !== 'text' || outputFile !== undefined || writeBaselineFile)
    for (const p of problems) io.stderr(`dynamo-guard check: ${describeProblem(p)}\n`);
  if (debug) {
    const roots = rootsChecked.map((r) => fromCwd(r, '.')).join(', ');
    io.stderr(
      `dynamo-guard check: projects ${roots}: ${stats.filesScanned} files scanned, ${stats.filesAnalyzed} analyzed, ${stats.filesSkipped} skipped, ${tableCount} key schemas, ${stats.workers} workers, ${stats.durationMs} ms\n`,
    );
  }
  // A file that cannot be read means the run is incomplete: exit 2 whatever was found.
  const incomplete = problems.some(isIncomplete);

  if (writeBaselineFile) {
    if (incomplete) {
      io.stderr('dynamo-guard check: not writing a baseline from an incomplete run; fix the paths above\n');
      return 2;
    }
    const abs = path.resolve(cwd, writeBaselineFile);
    const written = engine.createBaseline(findings, engine.baselineFileKey(cwd, path.dirname(abs)));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, engine.serializeBaseline(written));
    io.stderr(
      `dynamo-guard check: wrote ${written.entries.length} finding${written.entries.length === 1 ? '' : 's'} to ${writeBaselineFile}\n`,
    );
    return 0;
  }

  // --quiet, as in ESLint: warnings and infos are neither reported nor counted.
  if (quiet) findings = findings.filter((f) => f.severity === 'error');
  const input: ReportInput = {
    findings,
    stats,
    problems,
    toolVersion: VERSION,
    files: [...new Set(filesFound.map((f) => fromCwd(f, '.')))].sort(),
    location: { cwd, repositoryRoot: repositoryRootOf(cwd) },
  };
  const report = render(format, input, outputFile === undefined && colorEnabled(io.env, io.isTty));
  if (outputFile !== undefined) {
    writeAtomically(path.resolve(cwd, outputFile), report);
    io.stderr(`dynamo-guard check: ${summaryLine(findings)}; ${format} report written to ${outputFile}\n`);
  } else {
    io.stdout(report);
  }
  if (incomplete) return 2;
  const warnings = findings.filter((f) => !f.suppression && f.severity === 'warning').length;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings)
    io.stderr(
      `dynamo-guard check: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows\n`,
    );
  const failed = failOn !== 'never' && countAtOrAbove(findings, failOn) > 0;
  return failed || tooManyWarnings ? 1 : 0;
}

function render(format: Format, input: ReportInput, color: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input);
    case 'gitlab':
      return formatGitlab(input);
    case 'junit':
      return formatJunit(input);
    case 'text':
      return formatText(input, { color });
    default: {
      const never: never = format;
      throw new UsageError(`unknown format ${String(never)}`);
    }
  }
}

/** `3 problems (0 errors, 3 warnings, 0 infos)`, as the text report's summary starts. */
function summaryLine(findings: readonly Finding[]): string {
  const active = findings.filter((f) => !f.suppression);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const count = (s: Severity): number => active.filter((f) => f.severity === s).length;
  return `${plural(active.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')})`;
}

/**
 * The command line's paths: an existing file or folder as named (even `[id].ts`, which looks like a
 * glob), else a glob when it has glob syntax, expanded here because npm scripts and Windows shells
 * pass it quoted; anything else does not exist, and that is a usage error naming it.
 */
function resolveTargets(given: readonly string[], cwd: string): Target[] {
  const targets: Target[] = [];
  const missing: string[] = [];
  for (const p of given) {
    const abs = path.resolve(cwd, p);
    const kind = statKind(abs);
    if (kind !== 'missing') {
      targets.push({ given: p, abs, isDirectory: kind === 'directory' });
      continue;
    }
    // Windows paths use backslashes, which glob syntax would read as escapes.
    const pattern = process.platform === 'win32' ? p.replace(/\\/g, '/') : p;
    if (!hasGlobMagic(pattern)) {
      missing.push(p);
      continue;
    }
    let alternatives: string[];
    try {
      alternatives = expandBraces(pattern);
    } catch (err) {
      if (err instanceof GlobError) throw new UsageError(err.message);
      throw err;
    }
    for (const alternative of alternatives) {
      const { base, rest } = globBase(alternative);
      const from = path.resolve(cwd, base || '.');
      const match = compileGlob(rest);
      targets.push({
        given: p,
        abs: from,
        isDirectory: statKind(from) === 'directory',
        matches: (file) => match(path.relative(from, file).split(path.sep).join('/')),
      });
    }
  }
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  return targets;
}

function statKind(abs: string): 'file' | 'directory' | 'missing' {
  try {
    return fs.statSync(abs).isDirectory() ? 'directory' : 'file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Anything but "not there" (a permission error) is the walk's to report as unreadable.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'file';
  }
}

/** One line for each path or glob (by what was typed) under which no file was found. */
function unmatchedTargets(targets: readonly Target[], files: readonly string[]): string[] {
  const matched = new Set<string>();
  for (const t of targets) {
    if (matched.has(t.given)) continue;
    if (!t.isDirectory ? !t.matches : files.some((f) => isWithin(f, t.abs) && (t.matches?.(f) ?? true)))
      matched.add(t.given);
  }
  const lines: string[] = [];
  for (const t of targets) {
    if (matched.has(t.given) || lines.some((l) => l.includes(`"${t.given}"`))) continue;
    lines.push(
      t.matches
        ? `no files match "${t.given}"`
        : `no JavaScript or TypeScript files to check in "${t.given}" (none there, or all ignored)`,
    );
  }
  return lines;
}

function isWithin(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest folder at or above `dir` holding `.git`; `dir` itself outside a repository. */
function repositoryRootOf(dir: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir);
  }
}

/** A report a CI step reads is never half-written: write beside it, then rename over it. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/** `file:line:column: path: what was expected`, the file relative to the working directory. */
function describeConfigProblem(
  cwd: string,
  p: { file: string; line?: number; column?: number; message: string },
): string {
  const at = p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : '';
  const rel = path.relative(cwd, p.file);
  return `${rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p.file}${at}: ${p.message}`;
}

function describeProblem(p: unknown): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'object' && p !== null) {
    const o = p as { file?: unknown; message?: unknown };
    if (typeof o.message === 'string') return typeof o.file === 'string' ? `${o.file}: ${o.message}` : o.message;
  }
  return String(p);
}
