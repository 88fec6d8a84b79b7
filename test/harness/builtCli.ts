// The built CLI (`dist/cli.js`, as users run it): built once per test process from this tree, run
// with an environment that holds nothing of this machine's AWS set-up unless a test adds it.
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

let built = false;

/** Bundles dist/ from the sources of this tree (once per process). */
export function buildCli(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'pipe' });
  built = true;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a run: no AWS config files, credentials or metadata look-ups from this machine,
 * no compile cache; `extra` adds (or, with undefined, removes) variables.
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
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

/** Runs `node dist/cli.js ...argv` with stdin closed (not a terminal). */
export function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliRun> {
  return new Promise((resolve) => {
    // The kill timer only keeps a regression from hanging the suite; the assertions say what went wrong.
    const child = execFile(process.execPath, [cliPath, ...argv], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}
