// Fuzzes the analyzer the way `dynamo-guard check` runs it: seeded mutations (test/harness/
// sourceMutations.ts) of the repository's fixtures, examples and bench/corpus (when built) are
// decoded, read for key schemas, analyzed from scratch and incrementally, in a worker thread with a
// per-file time guard, so a hang is counted and the worker replaced instead of the run getting stuck.
// Prints figures; exits 1 on any crash, hang or invalid result. Inputs that fail are kept in
// bench/results/fuzz/ (git-ignored) to reproduce.
//
//   node --import tsx bench/fuzz.ts [--count 10000] [--seed 1] [--workers 1] [--timeout-ms 20000] [--scale 20000]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Analyzer, analyzeSource, ModuleCache } from '../src/core/analyzer/analyze';
import { fingerprintFindings } from '../src/core/analyzer/baseline';
import type { Finding } from '../src/core/analyzer/finding';
import { moduleCandidates } from '../src/core/analyzer/moduleCandidates';
import { mightMatter } from '../src/core/analyzer/sourceIndex';
import { applySuppressions } from '../src/core/analyzer/suppressions';
import { isSchemaCandidate, MAX_SCHEMA_FILE_BYTES, schemasFromFile } from '../src/core/schema/discover';
import type { TableSchema } from '../src/core/schema/keySchema';
import type { SourceRange } from '../src/core/syntax/positions';
import { looksMinified, SOURCE_EXTENSIONS } from '../src/core/workspace/fileWalker';
import { decodeSource, readSourceFile } from '../src/core/workspace/sourceText';
import { mutate } from '../test/harness/sourceMutations';
import { seededRandom } from '../test/harness/seededRandom';

const REPO_ROOT = path.resolve(__dirname, '..');
const SEED_DIRS = ['test/fixtures', 'examples', 'bench/corpus'];
const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results', 'fuzz');
const WORKER_KIND = 'dynamo-guard-fuzz-worker';
/** The analyzer's own per-file budget, as in `dynamo-guard check`. */
const BUDGET_MS = 2000;
const DYNAMO_IMPORT = Buffer.from(
  "import { DynamoDBClient, ScanCommand, QueryCommand, PutCommand } from '@aws-sdk/client-dynamodb';\n",
);
const KNOWN_RULES = new Set(['scan', 'single-value-partition-key', 'unused-suppression', 'analysis-error']);

const TABLES: TableSchema[] = [
  {
    name: 'Orders',
    aliases: ['OrdersTable', 'shop'],
    envVars: ['ORDERS_TABLE', 'TABLE_NAME'],
    partitionKey: { name: 'PK', type: 'S' },
    sortKey: { name: 'SK', type: 'S' },
    indexes: [{ name: 'GSI1', kind: 'GSI', partitionKey: { name: 'GSI1PK', type: 'S' } }],
    source: { kind: 'config' },
  },
];

interface Job {
  id: number;
  /** The seed's path: module resolution and the parser's script kind follow it. */
  file: string;
  seed: Uint8Array;
  mutant: Uint8Array;
}

interface Outcome {
  id: number;
  ms: number;
  decoded: boolean;
  skip?: string;
  analysisError?: string;
  minified?: boolean;
  /** A thrown error or a result that breaks the analyzer's contract. */
  failure?: string;
  /** Incremental re-analysis found other findings than a fresh one. */
  mismatch?: string;
}

// --- worker -------------------------------------------------------------------------------------

function runWorker(): void {
  const modules = new ModuleCache(resolveFromDisk);
  const incremental = new Analyzer({ tables: TABLES, modules, timeBudgetMs: BUDGET_MS });
  parentPort?.on('message', (job: Job) => {
    const started = performance.now();
    const outcome: Outcome = { id: job.id, ms: 0, decoded: false };
    try {
      check(job, outcome, modules, incremental);
    } catch (err) {
      outcome.failure = `threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    } finally {
      // As an editor closing the document: the session keeps no file it is not asked about.
      incremental.forget(job.file);
    }
    outcome.ms = performance.now() - started;
    parentPort?.postMessage(outcome);
  });
}

function check(job: Job, outcome: Outcome, modules: ModuleCache, incremental: Analyzer): void {
  const read = decodeSource(Buffer.from(job.mutant));
  if (!read.ok) {
    outcome.skip = read.reason;
    return;
  }
  outcome.decoded = true;
  const text = read.text;
  const isScript = SOURCE_EXTENSIONS.includes(path.extname(job.file).toLowerCase());
  if (text.length <= MAX_SCHEMA_FILE_BYTES && isSchemaCandidate(job.file)) {
    const schemas = schemasFromFile(job.file, text);
    if (!Array.isArray(schemas.tables) || !Array.isArray(schemas.problems))
      outcome.failure = 'schemasFromFile returned no lists';
  }
  if (!isScript) return;
  outcome.minified = looksMinified(text);

  // As project.ts analyzes a file: analysis, suppressions, fingerprints.
  const fresh = analyzeSource(job.file, text, { tables: TABLES, modules, timeBudgetMs: BUDGET_MS });
  if (fresh.error) outcome.analysisError = fresh.error;
  // The time budget and nesting depth are handled limits; any other error is a bug the analyzer caught.
  if (fresh.error?.startsWith('internal error')) {
    outcome.failure = fresh.error;
    return;
  }
  const findings = fingerprintFindings(
    applySuppressions(job.file, text, fresh.findings, {
      ...(fresh.sourceFile ? { sourceFile: fresh.sourceFile } : {}),
    }),
    text,
  );
  const broken = invalidRanges(
    text,
    findings,
    fresh.operations.map((o) => o.range),
  );
  if (broken) {
    outcome.failure = broken;
    return;
  }

  // As the editor analyzes it: the seed, then the mutant as one edit of it.
  const seedRead = decodeSource(Buffer.from(job.seed));
  if (!seedRead.ok) return;
  incremental.updateDocument(job.file, seedRead.text);
  const edited = incremental.updateDocument(job.file, text, singleEdit(seedRead.text, text));
  const brokenEdit = edited.error?.startsWith('internal error')
    ? edited.error
    : invalidRanges(
        text,
        edited.findings,
        edited.operations.map((o) => o.range),
      );
  if (brokenEdit) {
    outcome.failure = `incremental: ${brokenEdit}`;
    return;
  }
  if (!fresh.error && !edited.error && summary(edited.findings) !== summary(fresh.findings)) {
    outcome.mismatch = `fresh ${summary(fresh.findings)} / incremental ${summary(edited.findings)}`;
  }
}

function invalidRanges(text: string, findings: readonly Finding[], ranges: readonly SourceRange[]): string | undefined {
  for (const f of findings) {
    if (!KNOWN_RULES.has(f.rule) || typeof f.message !== 'string' || f.message === '')
      return `finding with rule ${f.rule} and message ${JSON.stringify(f.message)}`;
  }
  for (const r of [...findings, ...ranges]) {
    const ok =
      r.line >= 1 &&
      r.column >= 1 &&
      r.endLine >= r.line &&
      r.offset >= 0 &&
      r.offset <= r.endOffset &&
      r.endOffset <= text.length;
    if (!ok)
      return `range out of the text: ${JSON.stringify({ line: r.line, column: r.column, endLine: r.endLine, offset: r.offset, endOffset: r.endOffset, length: text.length })}`;
  }
  return undefined;
}

function summary(findings: readonly Finding[]): string {
  return JSON.stringify(findings.map((f) => `${f.rule}:${f.offset}-${f.endOffset}:${f.severity}:${f.message}`));
}

/** The change an editor would report between two texts: common prefix and suffix kept. */
function singleEdit(before: string, after: string): { start: number; oldLength: number; newLength: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  return { start, oldLength: before.length - start - tail, newLength: after.length - start - tail };
}

function resolveFromDisk(fromFile: string, specifier: string): { fileName: string; text: string } | undefined {
  for (const candidate of moduleCandidates(fromFile, specifier)) {
    const read = readSourceFile(candidate);
    if (read.ok) return { fileName: candidate, text: read.text };
  }
  return undefined;
}

// --- main thread --------------------------------------------------------------------------------

interface Options {
  count: number;
  seed: number;
  workers: number;
  timeoutMs: number;
  scale: number;
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = {
    count: Number(process.env.FUZZ_COUNT ?? 10_000),
    seed: 1,
    workers: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
    timeoutMs: 20_000,
    scale: 20_000,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    const key = (
      { count: 'count', seed: 'seed', workers: 'workers', 'timeout-ms': 'timeoutMs', scale: 'scale' } as const
    )[name as 'count'];
    if (!key || !Number.isInteger(value) || value < 0) {
      console.error(
        `usage: node --import tsx bench/fuzz.ts [--count n] [--seed n] [--workers n] [--timeout-ms n] [--scale n] (bad: ${argv[i]} ${argv[i + 1] ?? ''})`,
      );
      process.exit(2);
    }
    o[key] = value;
  }
  return o;
}

function seedFiles(): string[] {
  const files: string[] = [];
  for (const dir of SEED_DIRS) {
    const abs = path.join(REPO_ROOT, dir);
    if (!fs.existsSync(abs)) continue;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true, recursive: true })) {
      const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      if (
        entry.isFile() &&
        (SOURCE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()) || isSchemaCandidate(entry.name))
      )
        files.push(file);
    }
  }
  return files.sort();
}

function startWorker(): Worker {
  // Node does not apply `--import tsx` to a worker's entry file, so the worker registers it itself.
  // 1 MB of stack, as the main thread of `dynamo-guard check` has: deep nesting must fail the same way.
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, {
    eval: true,
    workerData: { kind: WORKER_KIND },
    resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 1024 },
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const files = seedFiles();
  // Code that never mentions DynamoDB is never parsed (the pre-filter drops it), so every script seed
  // gets an SDK import: the whole analyzer then runs on it.
  const seeds = files.map((f) => {
    const bytes = fs.readFileSync(f);
    return SOURCE_EXTENSIONS.includes(path.extname(f).toLowerCase()) && !mightMatter(bytes.toString('utf8'))
      ? Buffer.concat([DYNAMO_IMPORT, bytes])
      : bytes;
  });
  const fromCorpus = files.filter((f) => f.includes(`${path.sep}bench${path.sep}corpus${path.sep}`)).length;
  console.log(
    `fuzz: seed ${options.seed}, ${options.count} mutated files from ${files.length} seed files (${files.length - fromCorpus} fixtures and examples, ${fromCorpus} from bench/corpus), ${options.workers} worker(s), ${options.timeoutMs} ms guard per file`,
  );

  const next = seededRandom(options.seed);
  const jobs: Array<Job & { ops: string[] }> = [];
  const opCounts = new Map<string, number>();
  for (let id = 0; id < options.count; id++) {
    const index = Math.floor(next() * seeds.length);
    const seed = seeds[index] as Buffer;
    const mutant = mutate(seed, next, { scale: options.scale, donors: seeds });
    for (const op of mutant.ops) {
      const kind = op.slice(0, op.indexOf(':'));
      opCounts.set(kind, (opCounts.get(kind) ?? 0) + 1);
    }
    jobs.push({ id, file: files[index] as string, seed, mutant: mutant.bytes, ops: mutant.ops });
  }

  const stats = {
    done: 0,
    decoded: 0,
    minified: 0,
    crashes: 0,
    hangs: 0,
    mismatches: 0,
    analysisErrors: new Map<string, number>(),
    skips: new Map<string, number>(),
    slowest: { ms: 0, id: -1 },
  };
  const failures: string[] = [];
  const keep = (kind: string, job: Job & { ops: string[] }, detail: string): void => {
    // The first few are enough to reproduce; one broken state can fail every file after it.
    if (failures.length >= 20) return;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const out = path.join(RESULTS_DIR, `${kind}-${job.id}-${path.basename(job.file)}`);
    fs.writeFileSync(out, job.mutant);
    failures.push(
      `${kind} #${job.id} ${path.relative(REPO_ROOT, job.file)} [${job.ops.join('; ')}] -> ${path.relative(REPO_ROOT, out)}\n    ${detail.split('\n').slice(0, 6).join('\n    ')}`,
    );
  };
  const started = performance.now();
  let cursor = 0;

  await new Promise<void>((resolve) => {
    let running = 0;
    const launch = (): void => {
      if (cursor >= jobs.length) {
        if (running === 0) resolve();
        return;
      }
      running++;
      const worker = startWorker();
      let current: (Job & { ops: string[] }) | undefined;
      let timer: NodeJS.Timeout | undefined;
      let retired = false;
      const retire = (): void => {
        if (retired) return;
        retired = true;
        clearTimeout(timer);
        running--;
        void worker.terminate();
      };
      const feed = (): void => {
        current = jobs[cursor++];
        if (!current) {
          retire();
          if (running === 0) resolve();
          return;
        }
        const job = current;
        timer = setTimeout(() => {
          stats.hangs++;
          stats.done++;
          keep('hang', job, `no answer within ${options.timeoutMs} ms`);
          retire();
          launch();
        }, options.timeoutMs);
        worker.postMessage({ id: job.id, file: job.file, seed: job.seed, mutant: job.mutant } satisfies Job);
      };
      worker.on('message', (o: Outcome) => {
        clearTimeout(timer);
        const job = current as Job & { ops: string[] };
        stats.done++;
        if (o.decoded) stats.decoded++;
        if (o.minified) stats.minified++;
        if (o.skip) stats.skips.set(o.skip, (stats.skips.get(o.skip) ?? 0) + 1);
        if (o.analysisError)
          stats.analysisErrors.set(o.analysisError, (stats.analysisErrors.get(o.analysisError) ?? 0) + 1);
        if (o.failure) {
          stats.crashes++;
          keep('crash', job, o.failure);
        }
        if (o.mismatch) {
          stats.mismatches++;
          if (stats.mismatches <= 5) keep('mismatch', job, o.mismatch);
        }
        if (o.ms > stats.slowest.ms) stats.slowest = { ms: o.ms, id: o.id };
        if (stats.done % 1000 === 0)
          console.log(`  ${stats.done} files, ${((performance.now() - started) / 1000).toFixed(0)} s`);
        feed();
      });
      worker.on('error', (err) => {
        if (retired) return;
        stats.crashes++;
        stats.done++;
        if (current) keep('crash', current, `worker died: ${err.stack ?? err.message}`);
        retire();
        launch();
      });
      worker.once('online', feed);
    };
    for (let w = 0; w < Math.min(options.workers, jobs.length); w++) launch();
    if (jobs.length === 0) resolve();
  });

  const total = (performance.now() - started) / 1000;
  const list = (m: Map<string, number>): string =>
    [...m]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  const slowest = jobs[stats.slowest.id];
  console.log(`  mutations applied: ${[...opCounts.values()].reduce((a, b) => a + b, 0)} (${list(opCounts)})`);
  console.log(
    `  decoded as text: ${stats.decoded}; not text: ${list(stats.skips)}; minified-looking: ${stats.minified}`,
  );
  console.log(`  analysis errors, handled: ${list(stats.analysisErrors)}`);
  console.log(`  incremental results that differ from a fresh analysis: ${stats.mismatches}`);
  console.log(
    `  slowest file: ${stats.slowest.ms.toFixed(0)} ms${slowest ? ` (${path.relative(REPO_ROOT, slowest.file)} [${slowest.ops.join('; ')}])` : ''}`,
  );
  console.log(`  crashes: ${stats.crashes}, hangs: ${stats.hangs}, in ${total.toFixed(0)} s`);
  for (const f of failures) console.log(`  ${f}`);
  process.exitCode = stats.crashes + stats.hangs > 0 ? 1 : 0;
}

if (isMainThread) {
  void main();
} else if ((workerData as { kind?: string } | null)?.kind === WORKER_KIND) {
  runWorker();
}
