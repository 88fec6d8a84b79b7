// Runs test/extension suites inside a real VS Code: code-server + Debian Chromium driven by
// Playwright, with the packaged extension and a test-driver extension installed. Starts DynamoDB
// Local for the suites, and the page driver (scripts/host/pageDriver.ts) through which the suites read
// and operate the page. Writes `--result <file>` ({passed, failed, failures}) and exits non-zero on failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startPageDriver } from './pageDriver';
import { startDynamoDbLocal, freePort } from '../../test/harness/dynamodbLocal';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  ensureCodeServer,
  installExtensions,
  repoRoot,
  startCodeServer,
  writeUserSettings,
} from './codeServer';
import { buildHostSuites, packageDriver, packageExtension } from './buildForHost';

const argv = process.argv.slice(2);
const resultFile = path.resolve(
  argv[argv.indexOf('--result') + 1] ?? path.join(repoRoot, 'test-results/extension.json'),
);
// `--suites <folder>` (repeatable): run these folders' *.test.ts, *.bench.ts and *.scene.ts instead of test/extension/suite.
const suiteDirs = argv.flatMap((a, i) =>
  a === '--suites' && argv[i + 1] ? [path.resolve(repoRoot, argv[i + 1] as string)] : [],
);
// Each test has its own mocha timeout; this bound only stops a host that never reports (20 min:
// a loaded 2-core machine runs the suites several times slower than an idle one).
const timeoutMs = Number(process.env.DYNAMO_GUARD_HOST_TIMEOUT_MS ?? 20 * 60_000);
const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

async function main(): Promise<number> {
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  fs.rmSync(resultFile, { force: true });
  fs.rmSync(`${resultFile}.started`, { force: true });

  const cs = ensureCodeServer();
  const outRoot = path.join(repoRoot, 'out');
  const vsix = packageExtension(path.join(outRoot, 'host/dynamo-guard.vsix'));
  const runner = await buildHostSuites(
    path.join(outRoot, 'test/extension'),
    suiteDirs.length > 0 ? suiteDirs : undefined,
  );
  const driver = await packageDriver(path.join(outRoot, 'host/driver'));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-host-'));
  const extensionsDir = path.join(tmp, 'extensions');
  const userDataDir = path.join(tmp, 'user-data');
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test/fixtures/workspace'), workspace, { recursive: true });
  // The fixtures import @aws-sdk/*: with the repo's packages beside them the TypeScript server resolves
  // them like in a real project (no unresolved-import errors on screen); the analyzer skips node_modules.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');

  const ddb = await startDynamoDbLocal();
  const cleanups: (() => Promise<void> | void)[] = [
    () => ddb.stop(),
    () => fs.rmSync(tmp, { recursive: true, force: true }),
  ];
  let pageReady: (page: Page) => void = () => undefined;
  const pageDriver = await startPageDriver(
    new Promise<Page>((resolve) => {
      pageReady = resolve;
    }),
    { screenshotDir },
  );
  cleanups.unshift(() => pageDriver.close());
  try {
    writeUserSettings(userDataDir, {
      'dynamoGuard.connections': [{ name: 'Test DynamoDB Local', regions: ['us-east-1'], endpoint: ddb.endpoint }],
    });
    installExtensions(cs, [vsix, driver], extensionsDir, userDataDir);
    const server = await startCodeServer(cs, {
      port: await freePort(),
      extensionsDir,
      userDataDir,
      workspace,
      env: {
        DYNAMO_GUARD_TEST_RUNNER: runner,
        DYNAMO_GUARD_TEST_RESULT: resultFile,
        DYNAMO_GUARD_TEST_DDB_ENDPOINT: ddb.endpoint,
        DYNAMO_GUARD_TEST_WORKSPACE: workspace,
        DYNAMO_GUARD_PAGE_DRIVER: pageDriver.url,
        // The extension's log ("activated in …") is written under here.
        DYNAMO_GUARD_TEST_LOGS: path.join(userDataDir, 'logs'),
        ...(process.env.DYNAMO_GUARD_TEST_GREP ? { DYNAMO_GUARD_TEST_GREP: process.env.DYNAMO_GUARD_TEST_GREP } : {}),
        ...(process.env.DYNAMO_GUARD_BENCH_OUT ? { DYNAMO_GUARD_BENCH_OUT: process.env.DYNAMO_GUARD_BENCH_OUT } : {}),
        ...(process.env.DYNAMO_GUARD_SCREENSHOTS
          ? { DYNAMO_GUARD_SCREENSHOTS: process.env.DYNAMO_GUARD_SCREENSHOTS }
          : {}),
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'us-east-1',
      },
    });
    cleanups.unshift(() => server.stop());
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    cleanups.unshift(() => browser.close());
    // Clipboard access: the host's clipboard API goes through the browser's, which asks for permission.
    const page = await browser.newPage({
      viewport: { width: 1400, height: 860 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    pageReady(page);
    // The extension host's console reaches the workbench's console: keep it for failed runs.
    const consoleLog: string[] = [];
    page.on('console', (m) => {
      consoleLog.push(`[${m.type()}] ${m.text()}`.slice(0, 2000));
      if (consoleLog.length > 5000) consoleLog.shift();
    });
    cleanups.push(() =>
      fs.writeFileSync(path.join(path.dirname(resultFile), 'workbench-console.log'), consoleLog.join('\n')),
    );
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const started = Date.now();
    while (!fs.existsSync(resultFile)) {
      if (Date.now() - started > timeoutMs) {
        await page.screenshot({ path: path.join(screenshotDir, 'timeout.png') }).catch(() => undefined);
        fs.writeFileSync(path.join(path.dirname(resultFile), 'code-server.log'), server.output());
        throw new Error(`no result after ${timeoutMs / 1000}s; code-server output:\n${server.output().slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // The page as the run left it, for reading a failed run.
    await page.screenshot({ path: path.join(screenshotDir, 'end-of-run.png') }).catch(() => undefined);
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as {
    passed: number;
    failed: number;
    failures?: { title: string; error: string }[];
  };
  for (const f of result.failures ?? [])
    console.log(`  FAILED ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
  console.log(`extension host: ${result.passed} passed, ${result.failed} failed`);
  return result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`extension-host run failed: ${err instanceof Error ? err.message : String(err)}`);
    fs.writeFileSync(
      resultFile,
      JSON.stringify({
        passed: 0,
        failed: 1,
        failures: [{ title: 'host launcher', error: err instanceof Error ? String(err.stack ?? err) : String(err) }],
      }),
    );
    process.exit(1);
  },
);
