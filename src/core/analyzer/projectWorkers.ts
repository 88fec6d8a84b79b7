// Worker threads for large project runs: how many to start, and a queue of file chunks shared by
// the workers and the main thread, which takes over any chunk a dying worker leaves behind.
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ModuleCache } from './analyze';
import {
  analyzeFile,
  analyzeJob,
  type AnalysisContext,
  type FileJob,
  type FileOutcome,
  type ThreadAnalyzers,
} from './projectFileJob';
import { moduleResolver, pythonAnalyzerFor } from './projectFiles';

/** Candidate count above which starting worker threads pays for itself. */
export const PARALLEL_THRESHOLD = 200;
/** Fewest files a worker thread must get: each one loads its own parser and warms its own JIT. */
export const MIN_FILES_PER_WORKER = 50;
/** Files per chunk handed to a thread; the main thread yields to the event loop between chunks. */
export const CHUNK_SIZE = 24;
const WORKER_KIND = 'dynamo-guard-project-worker';

export interface WorkerPlanInput {
  /** Workers asked for (`--workers`); without it, one per spare core unless the machine is saturated. */
  requested?: number;
  /** Files to analyze. */
  files: number;
  /** File count at or below which no worker starts. */
  threshold: number;
  mainThreadWorks: boolean;
  cores: number;
  /** One-minute load average (default: the machine's). */
  load?: number;
}

/**
 * Worker threads for a run, never more than the cores (besides the main thread when it works too)
 * nor than the files can keep busy: each worker loads its own copy of the parser and warms its own
 * JIT, so a worker without MIN_FILES_PER_WORKER files, or on a busy core, costs more than it saves.
 */
export function planWorkers(input: WorkerPlanInput): number {
  if (input.files <= input.threshold) return 0;
  const byCores = Math.max(input.mainThreadWorks ? 0 : 1, input.cores - (input.mainThreadWorks ? 1 : 0));
  // By default, none on a saturated machine (busy CI runners).
  const wanted = input.requested ?? ((input.load ?? os.loadavg()[0]!) >= input.cores ? 0 : byCores);
  const byFiles = Math.ceil(input.files / MIN_FILES_PER_WORKER);
  return Math.max(0, Math.min(wanted, byCores, byFiles));
}

// The worker is this very module (in the bundle: dist/analyzer.js), started with a marker in
// workerData, so no extra bundle or entry point is needed.

type ToWorker = { type: 'chunk'; id: number; jobs: FileJob[] };
type FromWorker = { type: 'done'; id: number; outcomes: FileOutcome[] };

interface WorkerData {
  kind: typeof WORKER_KIND;
  context: AnalysisContext;
}

export async function runParallel(
  jobs: readonly FileJob[],
  context: AnalysisContext,
  workerCount: number,
  mainThreadWorks: boolean,
  analyzers: ThreadAnalyzers,
  collect: (outcomes: readonly FileOutcome[], chunk: readonly FileJob[], inWorker: boolean) => void,
  signal?: AbortSignal,
): Promise<void> {
  const queue: FileJob[][] = [];
  for (let i = 0; i < jobs.length; i += CHUNK_SIZE) queue.push(jobs.slice(i, i + CHUNK_SIZE));
  const data: WorkerData = { kind: WORKER_KIND, context };
  const inFlight = new Map<Worker, { id: number; chunk: FileJob[] }>();
  let nextId = 0;
  let wake: () => void = () => undefined;
  const wakeUp = (): void => {
    const w = wake;
    wake = () => undefined;
    w();
  };

  const idle = new Set<Worker>();
  const feed = (worker: Worker): void => {
    const chunk = queue.shift();
    if (!chunk) {
      idle.add(worker);
      return;
    }
    idle.delete(worker);
    const id = nextId++;
    inFlight.set(worker, { id, chunk });
    // A worker parses its own trees (it could not receive them): this thread's are dropped.
    for (const job of chunk) delete job.sourceFile;
    worker.postMessage({ type: 'chunk', id, jobs: chunk.map(({ file, text }) => ({ file, text })) } satisfies ToWorker);
  };

  const feedIdle = (): void => {
    for (const w of [...idle]) if (queue.length > 0) feed(w);
  };

  const workers: Worker[] = [];
  let aliveWorkers = workerCount;
  for (let i = 0; i < workerCount; i++) {
    const worker = startWorker(data);
    workers.push(worker);
    worker.on('message', (msg: FromWorker) => {
      const current = inFlight.get(worker);
      inFlight.delete(worker);
      if (current && current.id === msg.id) collect(msg.outcomes, current.chunk, true);
      feed(worker);
      wakeUp();
    });
    worker.once('online', () => {
      idle.add(worker);
      feedIdle();
    });
    // A worker that dies hands its chunk back to an idle worker or the main thread.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      aliveWorkers--;
      idle.delete(worker);
      const current = inFlight.get(worker);
      inFlight.delete(worker);
      if (current) queue.unshift(current.chunk);
      feedIdle();
      wakeUp();
    });
  }

  // The main thread works too: with two cores, one worker plus this thread use both. It always
  // takes over when every worker has died, so a broken worker cannot lose files.
  // An abort drops the queued chunks and wakes the loop below, which then throws the abort reason.
  const onAbort = (): void => {
    queue.length = 0;
    wakeUp();
  };
  signal?.addEventListener('abort', onAbort);
  try {
    while (true) {
      signal?.throwIfAborted();
      const chunk = mainThreadWorks || aliveWorkers === 0 ? queue.shift() : undefined;
      if (chunk) {
        collect(
          chunk.map((job) => analyzeJob(job, context, analyzers)),
          chunk,
          false,
        );
        // Let worker results and 'online' events in between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (inFlight.size === 0 && (queue.length === 0 || aliveWorkers === 0)) {
        if (queue.length === 0) break;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startWorker(data: WorkerData): Worker {
  // From sources (tests, `tsx`), the worker must register the TypeScript loader itself: Node does
  // not apply `--import` hooks to a worker's entry file.
  if (/\.[cm]?ts$/.test(__filename)) {
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: data });
  }
  return new Worker(__filename, { workerData: data });
}

function runWorker(data: WorkerData): void {
  const analyzers: ThreadAnalyzers = { modules: new ModuleCache(moduleResolver()) };
  // Chunks are answered in order; the Python parser loads with the first chunk holding a Python file.
  let previous = Promise.resolve();
  parentPort?.on('message', (msg: ToWorker) => {
    previous = previous.then(async () => {
      if (!analyzers.python) {
        const python = await pythonAnalyzerFor(msg.jobs, data.context);
        if (python.analyzer) analyzers.python = python.analyzer;
      }
      const outcomes = msg.jobs.map((job) => analyzeFile(job, data.context, analyzers));
      parentPort?.postMessage({ type: 'done', id: msg.id, outcomes } satisfies FromWorker);
    });
  });
}

if (!isMainThread && (workerData as Partial<WorkerData> | null)?.kind === WORKER_KIND)
  runWorker(workerData as WorkerData);
