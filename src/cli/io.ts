// The CLI's streams, injectable so tests can run commands in-process and read what they print.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colours, progress). */
  isTty: boolean;
  /** Standard input, for `check --stdin`; absent where there is none to read. */
  stdin?: { isTty: boolean; read(): Promise<Uint8Array> };
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
    stdin: { isTty: Boolean(process.stdin.isTTY), read: readAll },
  };
}

async function readAll(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Global options every AWS-facing command accepts. */
export const GLOBAL_OPTIONS = {
  profile: { arity: 1 },
  region: { arity: 1 },
  'endpoint-url': { arity: 1 },
  timeout: { arity: 1 },
  debug: { arity: 0 },
  format: { arity: 1 },
  help: { arity: 0 },
} as const;

/** The `--help` text of the options in GLOBAL_OPTIONS, shown under each AWS-facing command's usage. */
export const GLOBAL_OPTIONS_HELP = [
  'AWS options:',
  '  --profile <p>         shared-config profile (default: AWS_PROFILE, else default)',
  '  --region <r>          region (default: AWS_REGION, else the profile\'s region)',
  '  --endpoint-url <u>    DynamoDB endpoint, e.g. http://localhost:8000 for DynamoDB Local',
  '  --timeout <seconds>   longest wait for an answer to one attempt of a request, 1 to 3600 (default 10);',
  '                        a request makes up to 4 attempts (CloudWatch 3; AWS_MAX_ATTEMPTS changes it)',
  '  --format text|json    output format (default text)',
  '  --debug               on failure, also print the error chain with the service\'s own message',
].join('\n');
