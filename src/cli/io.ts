// The CLI's streams, injectable so tests can run commands in-process and read what they print.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colours, progress). */
  isTty: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
  };
}

/** Global options every AWS-facing command accepts. */
export const GLOBAL_OPTIONS = {
  profile: { arity: 1 },
  region: { arity: 1 },
  'endpoint-url': { arity: 1 },
  debug: { arity: 0 },
  format: { arity: 1 },
  help: { arity: 0 },
} as const;
