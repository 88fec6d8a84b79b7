// The CLI's streams, injectable so tests can run commands in-process and read what they print.
import * as readline from 'node:readline';
import type { OptionSpec } from './args';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colours, progress). */
  isTty: boolean;
  /** Standard input, for `check --stdin`; absent where there is none to read. */
  stdin?: { isTty: boolean; read(): Promise<Uint8Array> };
  /**
   * Asks one question on stderr and reads one line from stdin; present only when stdin is a terminal.
   * Resolves undefined when the input ends or the user presses Ctrl+C.
   */
  prompt?: (question: string) => Promise<string | undefined>;
}

/** One line from a terminal on stdin, the question written to stderr. */
function promptLine(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let answered = false;
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      rl.close();
    });
    rl.on('close', () => {
      if (!answered) resolve(undefined);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
  });
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
    stdin: { isTty: Boolean(process.stdin.isTTY), read: readAll },
    ...(process.stdin.isTTY ? { prompt: promptLine } : {}),
  };
}

async function readAll(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Environment variable that gives the MFA code when `--mfa-code` is not on the command line. */
export const MFA_CODE_ENV = 'DYNAMO_GUARD_MFA_CODE';

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
  'mfa-code': {
    arity: 1,
    value: '<code>',
    help: `the 6-digit code of your MFA device, for a profile whose role has mfa_serial (or set ${MFA_CODE_ENV}; asked for on a terminal)`,
  },
  format: { arity: 1, value: 'text|json', help: 'output format (default text)' },
  debug: { arity: 0, help: "on failure, also print the error chain with the service's own message" },
  help: { arity: 0 },
} as const satisfies Record<string, OptionSpec>;
