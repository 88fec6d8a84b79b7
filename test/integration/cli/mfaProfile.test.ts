// A profile that assumes a role with `mfa_serial`, through the built CLI: the code given with
// --mfa-code, DYNAMO_GUARD_MFA_CODE or typed at a terminal prompt reaches STS (a stand-in speaking
// AssumeRole's Query protocol), the role's credentials reach DynamoDB Local and CloudWatch, STS is
// asked once per run, and without a terminal or a code the CLI says how to give one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { buildCli, cliEnv, cliPath, runCli, type CliRun } from '../../harness/builtCli';
import { startStsStandIn, type StsStandIn } from '../../harness/stsStandIn';
import { startCloudWatchStandIn, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';
import { freePort } from '../../harness/dynamodbLocal';

const CODE = '314159';
const SERIAL = 'arn:aws:iam::123456789012:mfa/tester';
const SOURCE_KEY = 'sourceKey';
const local = testDynamoDb();
const table = uniqueTableName('mfa');

let sts: StsStandIn;
let cloudWatch: CloudWatchStandIn;
let endpoint: string;
let dir: string;

before(async () => {
  buildCli();
  // DynamoDB Local keeps tables per access key: a table made with the role's key shows the CLI used the role.
  sts = await startStsStandIn({
    credentials: {
      accessKeyId: `mfaRole${randomBytes(4).toString('hex')}`,
      secretAccessKey: 'roleSecret',
      sessionToken: 'roleSession',
    },
    acceptedTokenCode: CODE,
  });
  cloudWatch = await startCloudWatchStandIn();
  ({ endpoint } = await local);
  await dynamoDbClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: sts.credentials.accessKeyId, secretAccessKey: 'any' },
  }).send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-mfa-'));
  fs.writeFileSync(
    path.join(dir, 'config'),
    [
      '[profile source]',
      'region = us-east-1',
      '',
      '[profile role]',
      'role_arn = arn:aws:iam::123456789012:role/stand-in',
      'source_profile = source',
      `mfa_serial = ${SERIAL}`,
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'credentials'),
    ['[source]', `aws_access_key_id = ${SOURCE_KEY}`, 'aws_secret_access_key = sourceSecret', ''].join('\n'),
  );
});

after(async () => {
  await sts.stop();
  await cloudWatch.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cliEnv({
    AWS_CONFIG_FILE: path.join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    ...extra,
  });
}

function tableNames(run: CliRun): string[] {
  return (JSON.parse(run.stdout) as { tables: { name: string }[] }).tables.map((t) => t.name);
}

/** The AssumeRole calls the stand-in received during `work`. */
async function assumeRolesDuring<T>(
  work: () => Promise<T>,
): Promise<{ result: T; calls: ReturnType<StsStandIn['requests']> }> {
  const before = sts.requests().length;
  const result = await work();
  return { result, calls: sts.requests().slice(before) };
}

test("--mfa-code reaches STS with the serial, signed by the source profile, and the role's credentials list its tables", async () => {
  const { result: run, calls } = await assumeRolesDuring(() =>
    runCli(['tables', '--profile', 'role', '--endpoint-url', endpoint, '--mfa-code', CODE, '--format', 'json'], env()),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.ok(tableNames(run).includes(table), run.stdout);
  assert.deepEqual(
    calls.map((c) => ({
      action: c.action,
      roleArn: c.roleArn,
      serialNumber: c.serialNumber,
      tokenCode: c.tokenCode,
      signedBy: c.signedBy,
    })),
    [
      {
        action: 'AssumeRole',
        roleArn: 'arn:aws:iam::123456789012:role/stand-in',
        serialNumber: SERIAL,
        tokenCode: CODE,
        signedBy: SOURCE_KEY,
      },
    ],
  );
});

test('DYNAMO_GUARD_MFA_CODE gives the code when --mfa-code does not', async () => {
  const { result: run, calls } = await assumeRolesDuring(() =>
    runCli(
      ['tables', '--profile', 'role', '--endpoint-url', endpoint, '--format', 'json'],
      env({ DYNAMO_GUARD_MFA_CODE: CODE }),
    ),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.ok(tableNames(run).includes(table));
  assert.deepEqual(
    calls.map((c) => c.tokenCode),
    [CODE],
  );
});

test('without a code and without a terminal the CLI says how to give one, exit 1, and asks STS nothing', async () => {
  const { result: run, calls } = await assumeRolesDuring(() =>
    runCli(['tables', '--profile', 'role', '--endpoint-url', endpoint], env()),
  );
  assert.deepEqual({ code: run.code, stdout: run.stdout }, { code: 1, stdout: '' });
  assert.equal(
    run.stderr,
    `dynamo-guard tables: Profile role assumes a role that needs an MFA code from ${SERIAL}: pass --mfa-code <code> or set DYNAMO_GUARD_MFA_CODE (stdin is not a terminal, so the code cannot be asked for).\n`,
  );
  assert.doesNotMatch(run.stderr, /aws configure|No AWS credentials/);
  assert.deepEqual(calls, []);
});

test('a code STS refuses, and one that is not six digits, each read as one sentence', async () => {
  const refused = await runCli(
    ['tables', '--profile', 'role', '--endpoint-url', endpoint, '--mfa-code', '000000'],
    env(),
  );
  assert.equal(refused.code, 1);
  assert.equal(
    refused.stderr,
    'dynamo-guard tables: STS refused the MFA code for profile role: enter the current code of its MFA device (each code works once) and retry.\n',
  );
  const malformed = await runCli(
    ['tables', '--profile', 'role', '--endpoint-url', endpoint, '--mfa-code', '12345'],
    env(),
  );
  assert.equal(malformed.code, 2);
  assert.equal(
    malformed.stderr,
    'dynamo-guard tables: --mfa-code must be the 6-digit code your MFA device shows, got "12345"\n',
  );
});

test('metrics reads DynamoDB and CloudWatch with the role after asking STS once', async () => {
  const cloudWatchCalls = cloudWatch.requests.length;
  const { result: run, calls } = await assumeRolesDuring(() =>
    runCli(
      [
        'metrics',
        '--table',
        table,
        '--profile',
        'role',
        '--endpoint-url',
        endpoint,
        '--cloudwatch-endpoint-url',
        cloudWatch.endpoint,
        '--mfa-code',
        CODE,
        '--format',
        'json',
      ],
      env(),
    ),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    calls.map((c) => c.tokenCode),
    [CODE],
    'one AssumeRole for both services',
  );
  const reads = cloudWatch.requests.slice(cloudWatchCalls).filter((r) => r.operation === 'GetMetricData');
  assert.ok(reads.length > 0);
  for (const r of reads)
    assert.match(String(r.headers.authorization), new RegExp(`Credential=${sts.credentials.accessKeyId}/`));
});

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs the CLI in a pseudo-terminal (util-linux `script`) and answers its prompts as they appear. */
function runInTerminal(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv,
  answer: (output: string, write: (text: string) => void) => void,
): Promise<{ code: number | null; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, cliPath, ...argv].map(quote).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...environment, SHELL: '/bin/sh', TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
      answer(output, (text) => child.stdin.write(text));
    });
    child.on('close', (code) => {
      clearTimeout(kill);
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}

test(
  'on a terminal the CLI asks on stderr, insists on six digits, and the time taken to type is not counted against --timeout',
  { skip: !hasScript() && 'util-linux `script` is not installed' },
  async () => {
    const prompt = `MFA code for ${SERIAL} (profile role): `;
    let step = 0;
    const { result: run, calls } = await assumeRolesDuring(() =>
      runInTerminal(
        // One attempt of at most 1 s: the call would time out while the prompt waits if that counted.
        ['tables', '--profile', 'role', '--endpoint-url', endpoint, '--format', 'json', '--timeout', '1'],
        env({ AWS_MAX_ATTEMPTS: '1' }),
        (output, write) => {
          const prompts = output.split(prompt).length - 1;
          if (step === 0 && prompts >= 1) {
            step = 1;
            write('12ab\n');
          } else if (step === 1 && prompts >= 2) {
            step = 2;
            setTimeout(() => write(`${CODE}\n`), 2500);
          }
        },
      ),
    );
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /The code is the 6 digits your MFA device shows\./);
    assert.ok(run.output.includes(table), run.output);
    assert.deepEqual(
      calls.map((c) => c.tokenCode),
      [CODE],
    );
  },
);

test("STS not answering is named as the endpoint the role's credentials come from, not as DynamoDB", async () => {
  const port = await freePort();
  const run = await runCli(
    ['tables', '--profile', 'role', '--endpoint-url', endpoint, '--mfa-code', CODE],
    env({ AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${port}` }),
  );
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    `dynamo-guard tables: Nothing answers at 127.0.0.1:${port}, which is not DynamoDB at ${endpoint} but an endpoint the credentials of profile role come from (STS or SSO): start it or fix that endpoint in your AWS config.\n`,
  );
});
