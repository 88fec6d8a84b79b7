// `dynamo-guard check [paths...]`: analyze a tree for Scans and single-value partition keys and
// report as text, JSON or SARIF; the exit code gates CI (0 clean, 1 findings, 2 usage/internal).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Baseline } from '../../core/analyzer/baseline';
import { ProjectFileError, readProjectFile } from '../../core/workspace/projectFile';
import type { Severity } from '../../core/analyzer/finding';
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
    `  --config <file>                   configuration (default: ./${DEFAULT_CONFIG_FILE} when present)`,
    `  --fail-on error|warning|info|never exit 1 when a finding is at or above this severity (default: ${DEFAULT_FAIL_ON})`,
    '  --baseline <file>                 report only findings not listed in this baseline',
    '  --write-baseline <file>           record the current findings as the baseline and exit 0',
    '  --workers <n>                     worker threads for large trees (default: one per extra core)',
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
  const root = io.cwd;
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];

  let configFile = optionValue(args, 'config');
  if (configFile !== undefined) {
    configFile = path.resolve(root, configFile);
    if (!fs.existsSync(configFile)) throw new UsageError(`config file ${optionValue(args, 'config')} not found`);
  } else if (fs.existsSync(path.join(root, DEFAULT_CONFIG_FILE))) {
    configFile = path.join(root, DEFAULT_CONFIG_FILE);
  }

  // The analyzer bundle (TypeScript parser) loads only now, and never the AWS SDK.
  const engine = await import('../../core/entries/analyzer');

  // A baseline named in the config applies unless the run writes a new one.
  let baselineFile = optionValue(args, 'baseline');
  const loaded = engine.loadConfig(configFile ?? root);
  // The config comes with the project, so the file it names must be the project's own: inside the
  // working directory or the config's folder. One named on the command line can be anywhere.
  let insideOf: string[] | undefined;
  if (!baselineFile && !writeBaselineFile && loaded.config.baseline && loaded.file) {
    baselineFile = path.relative(root, path.resolve(path.dirname(loaded.file), loaded.config.baseline));
    insideOf = [root, path.dirname(loaded.file)];
  }
  let baseline: { baseline: Baseline; dir: string } | undefined;
  if (baselineFile) {
    const abs = path.resolve(root, baselineFile);
    let text: string;
    try {
      text = readProjectFile(abs, { label: `baseline file ${baselineFile}`, ...(insideOf ? { insideOf } : {}) });
    } catch (err) {
      if (!(err instanceof ProjectFileError)) throw err;
      throw new UsageError(err.code === 'not-found' ? `${err.message}; create it with --write-baseline ${baselineFile}` : err.message);
    }
    try {
      baseline = { baseline: engine.parseBaseline(text, baselineFile), dir: path.dirname(abs) };
    } catch (err) {
      if (err instanceof engine.BaselineError) throw new UsageError(err.message);
      throw err;
    }
  }

  const config = loaded.config;
  const warnings: string[] = loaded.problems.map((p) => describeProblem(p));

  const result = await engine.analyzeProject({
    root,
    paths,
    config,
    // Configured schemas win over the ones found in infrastructure code, read in the same walk.
    tables: loaded.tables,
    discoverSchemas: true,
    ...(baseline ? { baseline } : {}),
    ...(workers !== undefined ? { workers } : {}),
  });

  if (debug) warnings.push(...result.schemaProblems.map((p) => describeProblem(p)));
  for (const w of warnings) io.stderr(`dynamo-guard check: ${w}\n`);
  // Missing paths and files that could not be analyzed mean findings may be missing: always say so.
  for (const p of result.problems) io.stderr(`dynamo-guard check: ${describeProblem(p)}\n`);
  if (debug) {
    io.stderr(`dynamo-guard check: ${result.stats.filesScanned} files scanned, ${result.stats.filesAnalyzed} analyzed, ${result.stats.filesSkipped} skipped, ${result.tables.length} key schemas, ${result.stats.workers} workers, ${result.stats.durationMs} ms\n`);
  }

  if (writeBaselineFile) {
    const abs = path.resolve(root, writeBaselineFile);
    const written = engine.createBaseline(result.findings, engine.baselineFileKey(root, path.dirname(abs)));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, engine.serializeBaseline(written));
    io.stderr(`dynamo-guard check: wrote ${written.entries.length} finding${written.entries.length === 1 ? '' : 's'} to ${writeBaselineFile}\n`);
    return 0;
  }

  const input: ReportInput = { findings: result.findings, stats: result.stats, problems: result.problems, toolVersion: VERSION };
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
  if (failOn === 'never') return 0;
  return countAtOrAbove(result.findings, failOn) > 0 ? 1 : 0;
}

function describeProblem(p: unknown): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'object' && p !== null) {
    const o = p as { file?: unknown; message?: unknown };
    if (typeof o.message === 'string') return typeof o.file === 'string' ? `${o.file}: ${o.message}` : o.message;
  }
  return String(p);
}
