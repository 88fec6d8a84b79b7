// Runs test/extension suites inside a real VS Code: code-server + Debian Chromium driven by
// Playwright, with the packaged extension and a test-driver extension installed. Starts DynamoDB
// Local for the suites. Writes `--result <file>` ({passed, failed, failures}) and exits non-zero on failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startDynamoDbLocal, freePort } from '../../test/harness/dynamodbLocal';
import { CHROMIUM_ARGS, chromiumPath, ensureCodeServer, installExtensions, repoRoot, startCodeServer, writeUserSettings } from './codeServer';
import { buildHostSuites, packageDriver, packageExtension } from './buildForHost';

const argv = process.argv.slice(2);
const resultFile = path.resolve(argv[argv.indexOf('--result') + 1] ?? path.join(repoRoot, 'test-results/extension.json'));
// Each test has its own mocha timeout; this bound only stops a host that never reports (20 min:
// a loaded 2-core machine runs the suites several times slower than an idle one).
const timeoutMs = Number(process.env.DYNAMO_GUARD_HOST_TIMEOUT_MS ?? 20 * 60_000);
const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

async function main(): Promise<number> {
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const stale of fs.readdirSync(screenshotDir).filter((f) => f.endsWith('.request'))) fs.rmSync(path.join(screenshotDir, stale));
  fs.rmSync(resultFile, { force: true });
  fs.rmSync(`${resultFile}.started`, { force: true });

  const cs = ensureCodeServer();
  const outRoot = path.join(repoRoot, 'out');
  const vsix = packageExtension(path.join(outRoot, 'host/dynamo-guard.vsix'));
  const runner = await buildHostSuites(path.join(outRoot, 'test/extension'));
  const driver = await packageDriver(path.join(outRoot, 'host/driver'));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-host-'));
  // Suites ask for a screenshot of what is on screen by writing <name>.request here (see test/extension/screenshots.ts).
  const screenshotRequests = path.join(tmp, 'screenshot-requests');
  fs.mkdirSync(screenshotRequests, { recursive: true });
  const extensionsDir = path.join(tmp, 'extensions');
  const userDataDir = path.join(tmp, 'user-data');
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test/fixtures/workspace'), workspace, { recursive: true });
  // The fixtures import @aws-sdk/*: with the repo's packages beside them the TypeScript server resolves
  // them like in a real project (no unresolved-import errors on screen); the analyzer skips node_modules.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');

  const ddb = await startDynamoDbLocal();
  const cleanups: (() => Promise<void> | void)[] = [() => ddb.stop(), () => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    writeUserSettings(userDataDir, {
      'dynamoGuard.connections': [{ name: 'Test DynamoDB Local', regions: ['us-east-1'], endpoint: ddb.endpoint }],
    });
    installExtensions(cs, [vsix, driver], extensionsDir, userDataDir);
    const server = await startCodeServer(cs, {
      port: await freePort(), extensionsDir, userDataDir, workspace,
      env: {
        DYNAMO_GUARD_TEST_RUNNER: runner,
        DYNAMO_GUARD_TEST_RESULT: resultFile,
        DYNAMO_GUARD_TEST_DDB_ENDPOINT: ddb.endpoint,
        DYNAMO_GUARD_TEST_WORKSPACE: workspace,
        DYNAMO_GUARD_SCREENSHOT_REQUESTS: screenshotRequests,
        ...(process.env.DYNAMO_GUARD_TEST_GREP ? { DYNAMO_GUARD_TEST_GREP: process.env.DYNAMO_GUARD_TEST_GREP } : {}),
        ...(process.env.DYNAMO_GUARD_BENCH_OUT ? { DYNAMO_GUARD_BENCH_OUT: process.env.DYNAMO_GUARD_BENCH_OUT } : {}),
        AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1',
      },
    });
    cleanups.unshift(() => server.stop());
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    cleanups.unshift(() => browser.close());
    // Clipboard access: the host's clipboard API goes through the browser's, which asks for permission.
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
    // The extension host's console reaches the workbench's console: keep it for failed runs.
    const consoleLog: string[] = [];
    page.on('console', (m) => { consoleLog.push(`[${m.type()}] ${m.text()}`.slice(0, 2000)); if (consoleLog.length > 5000) consoleLog.shift(); });
    cleanups.push(() => fs.writeFileSync(path.join(path.dirname(resultFile), 'workbench-console.log'), consoleLog.join('\n')));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const started = Date.now();
    while (!fs.existsSync(resultFile)) {
      await takeRequestedScreenshots(page, screenshotRequests);
      await answerRequestedDialogs(page, screenshotRequests);
      if (Date.now() - started > timeoutMs) {
        await page.screenshot({ path: path.join(screenshotDir, 'timeout.png') }).catch(() => undefined);
        fs.writeFileSync(path.join(path.dirname(resultFile), 'code-server.log'), server.output());
        throw new Error(`no result after ${timeoutMs / 1000}s; code-server output:\n${server.output().slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // The page as the run left it, for reading a failed run (README pictures are requested by scenes).
    await page.screenshot({ path: path.join(screenshotDir, 'end-of-run.png') }).catch(() => undefined);
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { passed: number; failed: number; failures?: { title: string; error: string }[] };
  for (const f of result.failures ?? []) console.log(`  FAILED ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
  console.log(`extension host: ${result.passed} passed, ${result.failed} failed`);
  return result.failed > 0 ? 1 : 0;
}

/** Answers each `<name>.request` with test-results/screenshots/<name>.png and a `<name>.done` file. */
async function takeRequestedScreenshots(page: Page, dir: string): Promise<void> {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.request'))) {
    const name = path.basename(file, '.request').replace(/[^\w.-]/g, '_');
    let options: { sidebarWidth?: number } = {};
    try {
      options = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8') || '{}') as typeof options;
    } catch {
      options = {};
    }
    fs.rmSync(path.join(dir, file), { force: true });
    // VS Code has no command that sets the side bar's width: drag its sash as a user would.
    if (options.sidebarWidth) await dragSidebarTo(page, options.sidebarWidth).catch((err: unknown) => console.error(`resizing the side bar failed: ${String(err)}`));
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) }).catch((err: unknown) => console.error(`screenshot ${name} failed: ${String(err)}`));
    fs.writeFileSync(path.join(dir, `${name}.done`), '');
  }
}

/**
 * Answers each `<name>.dialog` ({"button": label}): waits for the workbench's modal dialog, reads its
 * message, detail and buttons, clicks the named button as a user would, and writes them to `<name>.done`.
 * Modal dialogs block the extension host's caller, and no API answers them: only a click does.
 */
async function answerRequestedDialogs(page: Page, dir: string): Promise<void> {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.dialog'))) {
    const name = path.basename(file, '.dialog').replace(/[^\w.-]/g, '_');
    let wanted = '';
    try {
      wanted = String((JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { button?: unknown }).button ?? '');
    } catch {
      wanted = '';
    }
    fs.rmSync(path.join(dir, file), { force: true });
    const answer: { message: string; detail: string; buttons: string[]; clicked: boolean; error?: string } = { message: '', detail: '', buttons: [], clicked: false };
    try {
      const box = page.locator('.monaco-dialog-box').first();
      await box.waitFor({ state: 'visible', timeout: 15_000 });
      answer.message = (await box.locator('.dialog-message-text').first().textContent()) ?? '';
      answer.detail = (await box.locator('.dialog-message-detail').first().innerText().catch(() => '')) ?? '';
      const buttons = box.locator('.dialog-buttons .monaco-button');
      answer.buttons = (await buttons.allInnerTexts()).map((t) => t.trim());
      const index = answer.buttons.indexOf(wanted);
      if (index >= 0) {
        await buttons.nth(index).click();
        answer.clicked = true;
      } else {
        answer.error = `no button "${wanted}"`;
      }
    } catch (err) {
      answer.error = String(err);
    }
    fs.writeFileSync(path.join(dir, `${name}.done`), JSON.stringify(answer));
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`extension-host run failed: ${err instanceof Error ? err.message : String(err)}`);
  fs.writeFileSync(resultFile, JSON.stringify({ passed: 0, failed: 1, failures: [{ title: 'host launcher', error: err instanceof Error ? String(err.stack ?? err) : String(err) }] }));
  process.exit(1);
});

async function dragSidebarTo(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}
