// `dynamo-guard check [paths...]`: analyze a tree for Scans and single-value partition keys and
// report as text, JSON or SARIF; the exit code gates CI (0 clean, 1 findings, 2 usage, invalid
// configuration, unreadable input or internal error), failing closed like ESLint.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Baseline } from '../../core/analyzer/baseline';
import { ProjectFileError, readProjectFile } from '../../core/workspace/projectFile';
import type { Finding, Severity } from '../../core/analyzer/finding';
import type { ProjectProblem, ProjectStats } from '../../core/analyzer/project';
import type { LoadedConfig } from '../../core/config';
import { hasFlag, optionValue, parseArgs, positiveInt, UsageError } from '../args';
import type { CliIo } from '../io';
import type { Command } from '../main';
import { formatJson } from '../report/jsonReport';
import type { ReportInput } from '../report/reportInput';
import { formatSarif } from '../report/sarifReport';
import { countAtOrAbove, formatText } from '../report/textReport';

export const DEFAULT_CONFIG_FILE = 'dynamo-guard.config.json';

type Format = 'text' | 'json' | 'sarif';
type FailOn = Severity | 'never';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];
/** Scans and constant keys are reported as warnings by default, so the gate starts there. */
export const DEFAULT_FAIL_ON: FailOn = 'warning';

const SPEC = {
  format: { arity: 1 },
  config: { arity: 1 },
  'fail-on': { arity: 1 },
  baseline: { arity: 1 },
  'write-baseline': { arity: 1 },
  workers: { arity: 1 },
  debug: { arity: 0 },
  help: { arity: 0 },
} as const;

declare const __DYNAMO_GUARD_VERSION__: string | undefined;
const VERSION = typeof __DYNAMO_GUARD_VERSION__ === 'string' ? __DYNAMO_GUARD_VERSION__ : '0.0.0-dev';

export const command: Command = {
  summary: 'Find DynamoDB Scans and single-value partition keys in JS/TS code.',
  usage: [
    'dynamo-guard check [paths...] [options]',
    '',
    'Options:',
    '  --format text|json|sarif          output format (default: text)',
    `  --config <file>                   configuration (default: the ${DEFAULT_CONFIG_FILE} of each path's project)`,
    `  --fail-on error|warning|info|never exit 1 when a finding is at or above this severity (default: ${DEFAULT_FAIL_ON})`,
    '  --baseline <file>                 report only findings not listed in this baseline',
    '  --write-baseline <file>           record the current findings as the baseline and exit 0',
    '  --workers <n>                     worker threads for large trees (default: one per extra core; capped by cores and files)',
    '  --debug                           print timings and per-file problems on stderr',
  ].join('\n'),
  run: runCheck,
};

export async function runCheck(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const format = (optionValue(args, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const failOn = (optionValue(args, 'fail-on') ?? DEFAULT_FAIL_ON) as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
  const writeBaselineFile = optionValue(args, 'write-baseline');
  if (optionValue(args, 'baseline') && writeBaselineFile) throw new UsageError('--baseline and --write-baseline cannot be combined; --write-baseline records every current finding');
  const workers = optionValue(args, 'workers') === '0' ? 0 : positiveInt(args, 'workers');
  const debug = hasFlag(args, 'debug');
  const cwd = io.cwd;
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];

  let explicitConfig = optionValue(args, 'config');
  if (explicitConfig !== undefined) {
    explicitConfig = path.resolve(cwd, explicitConfig);
    if (!fs.existsSync(explicitConfig)) throw new UsageError(`config file ${optionValue(args, 'config')} not found`);
  }

  // The analyzer bundle (TypeScript parser) loads only now, and never the AWS SDK.
  const engine = await import('../../core/entries/analyzer');

  // Each path is checked within its own project (configuration, key schemas, ignore globs), found
  // from the path itself, so the working directory and its neighbours never change the result.
  const projects = new Map<string, string[]>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const root = engine.projectRootOf(abs);
    projects.set(root, [...(projects.get(root) ?? []), abs]);
  }
  const loadedConfigs = new Map<string, LoadedConfig>();
  const byFile = new Map<string, LoadedConfig>();
  const configErrors: string[] = [];
  for (const root of projects.keys()) {
    const source = explicitConfig ?? root;
    let loaded = byFile.get(source);
    if (!loaded) {
      loaded = engine.loadConfig(source);
      byFile.set(source, loaded);
      // Defaults in place of a broken configuration could pass a run the configuration would fail (`scan: error`).
      configErrors.push(...loaded.problems.map((p) => describeConfigProblem(cwd, p)));
    }
    loadedConfigs.set(root, loaded);
  }
  if (configErrors.length > 0) {
    for (const e of configErrors) io.stderr(`dynamo-guard check: ${e}\n`);
    io.stderr(`dynamo-guard check: the configuration is invalid; fix ${configErrors.length === 1 ? 'it' : 'these'} (nothing was checked)\n`);
    return 2;
  }

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
      throw new UsageError(err.code === 'not-found' ? `${err.message}; create it with --write-baseline ${shown}` : err.message);
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

  const findings: Finding[] = [];
  const problems: ProjectProblem[] = [];
  const stats: ProjectStats = { filesScanned: 0, filesAnalyzed: 0, durationMs: 0, suppressed: 0, baselined: 0, filesSkipped: 0, workers: 0, filesAnalyzedInWorkers: 0 };
  const schemaProblems: string[] = [];
  let tableCount = 0;
  const started = performance.now();
  const fromCwd = (root: string, file: string): string => engine.toPosix(path.relative(cwd, path.resolve(root, file))) || '.';
  for (const [root, rootPaths] of projects) {
    const loaded = loadedConfigs.get(root) as LoadedConfig;
    // A baseline named in the config applies unless the run names or writes one.
    let baseline: { baseline: Baseline; dir: string } | undefined;
    if (explicitBaseline) baseline = readBaseline(path.resolve(cwd, explicitBaseline), explicitBaseline);
    else if (!writeBaselineFile && loaded.config.baseline && loaded.file) {
      const file = path.resolve(path.dirname(loaded.file), loaded.config.baseline);
      baseline = readBaseline(file, path.relative(cwd, file), [root, path.dirname(loaded.file)]);
    }
    const result = await engine.analyzeProject({
      root,
      paths: rootPaths,
      config: loaded.config,
      // Configured schemas win over the ones found in infrastructure code, read in the same walk.
      tables: loaded.tables,
      discoverSchemas: true,
      ...(baseline ? { baseline } : {}),
      ...(workers !== undefined ? { workers } : {}),
    });
    for (const f of result.findings) {
      findings.push({ ...f, file: fromCwd(root, f.file), ...(f.related ? { related: f.related.map((r) => ({ ...r, file: fromCwd(root, r.file) })) } : {}) });
    }
    problems.push(...result.problems.map((p) => ({ ...p, ...(p.file !== undefined ? { file: fromCwd(root, p.file) } : {}) })));
    for (const key of ['filesScanned', 'filesAnalyzed', 'suppressed', 'baselined', 'filesSkipped', 'filesAnalyzedInWorkers'] as const) stats[key] += result.stats[key];
    stats.workers = Math.max(stats.workers, result.stats.workers);
    if (result.stats.workersRequested !== undefined) {
      io.stderr(`dynamo-guard check: --workers ${result.stats.workersRequested} capped to ${result.stats.workers} (${os.availableParallelism()} cores, main thread included; ${result.stats.filesAnalyzed} files to analyze, at least ${engine.MIN_FILES_PER_WORKER} per worker and none for ${engine.PARALLEL_THRESHOLD} or fewer)\n`);
    }
    schemaProblems.push(...result.schemaProblems.map((p) => describeProblem({ ...p, file: fromCwd(root, p.file) })));
    tableCount += result.tables.length;
  }
  findings.sort(engine.compareFindings);
  problems.sort((a, b) => ((a.file ?? '') < (b.file ?? '') ? -1 : (a.file ?? '') > (b.file ?? '') ? 1 : 0));
  stats.durationMs = Math.round(performance.now() - started);

  if (debug) for (const p of schemaProblems) io.stderr(`dynamo-guard check: ${p}\n`);
  // The text report lists skipped files itself; machine formats keep stdout clean, so people see them here.
  if (format !== 'text' || writeBaselineFile) for (const p of problems) io.stderr(`dynamo-guard check: ${describeProblem(p)}\n`);
  if (debug) {
    const roots = [...projects.keys()].map((r) => fromCwd(r, '.')).join(', ');
    io.stderr(`dynamo-guard check: project ${roots}: ${stats.filesScanned} files scanned, ${stats.filesAnalyzed} analyzed, ${stats.filesSkipped} skipped, ${tableCount} key schemas, ${stats.workers} workers, ${stats.durationMs} ms\n`);
  }
  // A path that is not there or a file that cannot be read means the run is incomplete: exit 2 whatever was found.
  const incomplete = problems.some((p) => p.reason === 'missing' || p.reason === 'unreadable');

  if (writeBaselineFile) {
    if (incomplete) {
      io.stderr('dynamo-guard check: not writing a baseline from an incomplete run; fix the paths above\n');
      return 2;
    }
    const abs = path.resolve(cwd, writeBaselineFile);
    const written = engine.createBaseline(findings, engine.baselineFileKey(cwd, path.dirname(abs)));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, engine.serializeBaseline(written));
    io.stderr(`dynamo-guard check: wrote ${written.entries.length} finding${written.entries.length === 1 ? '' : 's'} to ${writeBaselineFile}\n`);
    return 0;
  }

  const input: ReportInput = { findings, stats, problems, toolVersion: VERSION };
  switch (format) {
    case 'json':
      io.stdout(formatJson(input));
      break;
    case 'sarif':
      io.stdout(formatSarif(input));
      break;
    case 'text':
      io.stdout(formatText(input, { color: io.isTty && !io.env.NO_COLOR }));
      break;
    default: {
      const never: never = format;
      throw new UsageError(`unknown format ${String(never)}`);
    }
  }
  if (incomplete) return 2;
  if (failOn === 'never') return 0;
  return countAtOrAbove(findings, failOn) > 0 ? 1 : 0;
}

/** `file:line:column: path: what was expected`, the file relative to the working directory. */
function describeConfigProblem(cwd: string, p: { file: string; line?: number; column?: number; message: string }): string {
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
