// The `dynamo-guard` bundle users run (dist/cli.js), built from this tree, and ways to run it: as a
// command, or inside the shell command lines that CI configurations and hooks document.
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export function buildCli(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { cwd: repoRoot, stdio: 'pipe' });
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: nothing of this machine's colour or CI settings leaks into the run. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DYNAMO_GUARD_COMPILE_CACHE: 'off', NODE_NO_WARNINGS: '1', ...extra };
}

function run(file: string, args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<ProcessRun> {
  return new Promise((resolve) => {
    // The kill timer only keeps a regression from hanging the suite; the assertions say what went wrong.
    const child = execFile(file, [...args], { cwd: options.cwd, env: cliEnv(options.env), timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** `node dist/cli.js <args>`. */
export function runBuiltCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<ProcessRun> {
  return run(process.execPath, [cliPath, ...args], options);
}

/** `npx dynamo-guard` (with npx flags or a version) as the built CLI: documented commands run as written otherwise. */
export function withBuiltCli(command: string): string {
  return command.replace(/\bnpx(?:\s+--?[\w-]+)*\s+dynamo-guard(?:@\S+)?/g, `'${process.execPath}' '${cliPath}'`);
}

/** One shell command line, as a CI runner or git runs it (`sh -c`). */
export function runShell(command: string, options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<ProcessRun> {
  return run('/bin/sh', ['-c', command], options);
}
