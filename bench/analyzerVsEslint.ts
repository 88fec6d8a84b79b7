// Benchmark for issue 3: `dynamo-guard check` vs ESLint (typescript-eslint parser + one
// no-restricted-syntax rule for the same patterns) over a 3,000+ file corpus, and incremental
// re-analysis of one edited 3,000-line file vs its peers. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { Analyzer, analyzeSource } from '../src/core/analyzer/analyze';
import type { TextChange } from '../src/core/syntax/parse';
import { walkSourceFiles } from '../src/core/workspace/fileWalker';
import { bigModule } from './bigModule';
import { buildCorpus, REPO_ROOT } from './corpus';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EDITS = Number(process.env.BENCH_EDITS ?? 60);

interface Measured {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time when present (wall, CPU, max RSS of the whole process tree leader). */
function measure(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Measured {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const marker = 'BENCH_TIME';
  const started = performance.now();
  const r = timeBin
    ? spawnSync(timeBin, ['-f', `${marker} %e %U %S %M`, cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(cmd, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = performance.now() - started;
  if (r.error) throw r.error;
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith(marker));
  if (!line) {
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { wallMs: wall, cpuMs: NaN, maxRssKb: NaN, stdout: r.stdout };
  }
  const [, , user, sys, rss] = line.split(' ');
  return { wallMs: wall, cpuMs: (Number(user) + Number(sys)) * 1000, maxRssKb: Number(rss), stdout: r.stdout };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const fmtMb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

async function wholeRepo(): Promise<void> {
  console.log('== whole repository: dynamo-guard check vs ESLint + typescript-eslint ==');
  // Measure the CLI as it ships (minified production bundle), not the development build.
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const corpus = buildCorpus();
  const files = walkSourceFiles({ root: REPO_ROOT, paths: [corpus.dir] }).files;
  const listFile = path.join(os.tmpdir(), `dg-bench-files-${process.pid}.txt`);
  fs.writeFileSync(listFile, files.join('\n'));
  console.log(`corpus: ${corpus.files.length} files, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB in ${path.relative(REPO_ROOT, corpus.dir)}; both tools get the same ${files.length} files`);
  console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (shared: compare ratios, not absolute times)`);

  const dg: Measured[] = [];
  const peer: Measured[] = [];
  let dgFindings = 0;
  let peerFindings = 0;
  let analyzed = 0;
  // The CLI keeps V8's compiled code of its analyzer bundle between runs; an empty cache folder
  // makes run 1 the cold start a fresh CI machine sees, and the later runs the usual warm start.
  const compileCache = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-v8-'));
  const dgEnv = { ...process.env, DYNAMO_GUARD_COMPILE_CACHE: compileCache };
  // Alternate the two tools so that a burst of load elsewhere hits both alike.
  for (let i = 0; i < RUNS; i++) {
    // Run as a team would in CI: inside the project, so key-schema discovery covers that project.
    const a = measure(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'check', '.', '--format', 'json', '--fail-on', 'never'], corpus.dir, dgEnv);
    const report = JSON.parse(a.stdout) as { findings: unknown[]; stats: { filesScanned: number; filesAnalyzed: number } };
    dgFindings = report.findings.length;
    analyzed = report.stats.filesAnalyzed;
    dg.push(a);
    const b = measure(process.execPath, [path.join(REPO_ROOT, 'bench/eslintPeer.mjs'), listFile, corpus.dir], REPO_ROOT);
    peerFindings = (JSON.parse(b.stdout.trim().split('\n').pop() as string) as { findings: number }).findings;
    peer.push(b);
    console.log(`  run ${i + 1}${i === 0 ? ' (cold)' : ''}: dynamo-guard ${fmtMs(a.wallMs)} (cpu ${fmtMs(a.cpuMs)}, ${fmtMb(a.maxRssKb)})   eslint ${fmtMs(b.wallMs)} (cpu ${fmtMs(b.cpuMs)}, ${fmtMb(b.maxRssKb)})`);
  }
  fs.rmSync(listFile, { force: true });
  fs.rmSync(compileCache, { recursive: true, force: true });
  const dgWall = median(dg.map((m) => m.wallMs));
  const peerWall = median(peer.map((m) => m.wallMs));
  const dgCpu = median(dg.map((m) => m.cpuMs));
  const peerCpu = median(peer.map((m) => m.cpuMs));
  const dgRss = Math.max(...dg.map((m) => m.maxRssKb));
  const peerRss = Math.max(...peer.map((m) => m.maxRssKb));
  console.log(`dynamo-guard check : ${fmtMs(dgWall)} wall, ${fmtMs(dgCpu)} cpu, max RSS ${fmtMb(dgRss)}; ${analyzed} files parsed after the pre-filter, ${dgFindings} findings`);
  console.log(`eslint (peer)      : ${fmtMs(peerWall)} wall, ${fmtMs(peerCpu)} cpu, max RSS ${fmtMb(peerRss)}; ${files.length} files parsed, ${peerFindings} pattern matches (by spelling, look-alikes included)`);
  console.log(`ratio              : ${(peerWall / dgWall).toFixed(1)}x faster wall-clock, ${(peerCpu / dgCpu).toFixed(1)}x less cpu (target >= 20x), ${(peerRss / dgRss).toFixed(1)}x less memory (median of ${RUNS} runs)`);
  const [coldDg, coldPeer] = [dg[0] as Measured, peer[0] as Measured];
  console.log(`cold start (run 1) : ${(coldPeer.wallMs / coldDg.wallMs).toFixed(1)}x faster wall-clock with an empty compile cache`);
}

async function incremental(): Promise<void> {
  console.log('\n== incremental: one edited 3,000-line file ==');
  const fileName = path.join(REPO_ROOT, 'bench/corpus/edited.ts');
  let text = bigModule();
  const analyzer = new Analyzer({ tables: [] });
  const first = analyzer.analyze(fileName, text);
  // Keystrokes in the middle of the file: insert a character into an identifier, then delete it.
  const anchor = text.indexOf('limit = ', text.length >> 1) + 'limit'.length;
  const incrementalMs: number[] = [];
  const fullMs: number[] = [];
  const eslintMs: number[] = [];
  const linter = new Linter({ configType: 'flat' });
  const peerModule = (await import(pathToFileURL(path.join(REPO_ROOT, 'bench/eslintPeer.mjs')).href)) as { peerConfig(): Linter.Config[] };
  const eslintConfig = peerModule.peerConfig();
  for (let i = 0; i < EDITS; i++) {
    const insert = i % 2 === 0;
    const change: TextChange = insert ? { start: anchor, oldLength: 0, newLength: 1 } : { start: anchor, oldLength: 1, newLength: 0 };
    text = insert ? text.slice(0, anchor) + 'X' + text.slice(anchor) : text.slice(0, anchor) + text.slice(anchor + 1);
    let t = performance.now();
    const r = analyzer.updateDocument(fileName, text, change);
    incrementalMs.push(performance.now() - t);
    if (r.findings.length !== first.findings.length) throw new Error(`incremental analysis lost findings: ${r.findings.length} vs ${first.findings.length}`);
    t = performance.now();
    analyzeSource(fileName, text, { tables: [] });
    fullMs.push(performance.now() - t);
    if (i < 20) {
      t = performance.now();
      linter.verify(text, eslintConfig, fileName);
      eslintMs.push(performance.now() - t);
    }
  }
  console.log(`file: ${text.split('\n').length - 1} lines, ${first.findings.length} findings; ${EDITS} edits`);
  console.log(`Analyzer.updateDocument (incremental): median ${fmtMs(median(incrementalMs))}, p90 ${fmtMs([...incrementalMs].sort((a, b) => a - b)[Math.floor(EDITS * 0.9)] as number)} (target < 10 ms)`);
  console.log(`analyzeSource (full parse, no reuse) : median ${fmtMs(median(fullMs))}  -> ${(median(fullMs) / median(incrementalMs)).toFixed(1)}x`);
  console.log(`ESLint Linter.verify (peer)          : median ${fmtMs(median(eslintMs))} over ${eslintMs.length} edits -> ${(median(eslintMs) / median(incrementalMs)).toFixed(1)}x`);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  if (only.length === 0 || only.includes('whole')) await wholeRepo();
  if (only.length === 0 || only.includes('incremental')) await incremental();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
