// The CLI's streams, injectable so tests can run commands in-process and read what they print.
import type { OptionSpec } from './args';

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
  profile: { arity: 1, value: '<p>', help: 'shared-config profile (default: AWS_PROFILE, else default)' },
  region: { arity: 1, value: '<r>', help: "region (default: AWS_REGION, else the profile's region)" },
  'endpoint-url': { arity: 1, value: '<u>', help: 'DynamoDB endpoint, e.g. http://localhost:8000 for DynamoDB Local' },
  timeout: {
    arity: 1,
    value: '<seconds>',
    help: 'longest wait for an answer to one attempt of a request, 1 to 3600 (default 10); a request makes up to 4 attempts (CloudWatch 3; AWS_MAX_ATTEMPTS changes it)',
  },
  format: { arity: 1, value: 'text|json', help: 'output format (default text)' },
  debug: { arity: 0, help: "on failure, also print the error chain with the service's own message" },
  help: { arity: 0 },
} as const satisfies Record<string, OptionSpec>;
