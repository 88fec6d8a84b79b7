// The `dynamo-guard` bundle users run (dist/cli.js), built once per test process from this tree, and
// ways to run it: as a command, or inside the shell command lines that CI configurations and hooks
// document. Runs get an environment that holds nothing of this machine's AWS set-up unless a test
// adds it.
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/** Set by `npm test` (scripts/test.mjs), which builds once before the suites that run the bundle. */
export const BUILT_ENV = 'DYNAMO_GUARD_TEST_BUILT';
let built = process.env[BUILT_ENV] === '1';

/**
 * Bundles dist/ from the sources of this tree, once per process, and not at all under `npm test`,
 * which builds before its stages: test files run in parallel, and one rebuilding dist/ while
 * another runs it would race.
 */
export function buildCli(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'pipe' });
  built = true;
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}
export type CliRun = ProcessRun;

/**
 * The environment of a run: no AWS config files, credentials or metadata look-ups from this machine,
 * no compile cache, nothing of its colour or CI settings; `extra` adds (or, with undefined, removes)
 * variables.
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(repoRoot, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(repoRoot, 'no-such-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    DYNAMO_GUARD_COMPILE_CACHE: 'off',
    NODE_NO_WARNINGS: '1',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    // The kill timer only keeps a regression from hanging the suite; the assertions say what went wrong.
    const child = execFile(
      file,
      [...args],
      { ...(options.cwd ? { cwd: options.cwd } : {}), env: options.env, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** `node dist/cli.js ...argv` with stdin closed (not a terminal), in a full environment of the caller's. */
export function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliRun> {
  return run(process.execPath, [cliPath, ...argv], { env });
}

/** `node dist/cli.js <args>` in `cwd`, with `env` added to the clean environment and optional stdin. */
export function runBuiltCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<ProcessRun> {
  return run(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}

/** `npx dynamo-guard` (with npx flags or a version) as the built CLI: documented commands run as written otherwise. */
export function withBuiltCli(command: string): string {
  return command.replace(/\bnpx(?:\s+--?[\w-]+)*\s+dynamo-guard(?:@\S+)?/g, `'${process.execPath}' '${cliPath}'`);
}

/** One shell command line, as a CI runner or git runs it (`sh -c`). */
export function runShell(
  command: string,
  options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<ProcessRun> {
  return run('/bin/sh', ['-c', command], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}
