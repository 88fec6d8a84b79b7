// CI proof of the README's first command: runs `npm install && npm run demo` exactly as written, in a
// process group of its own, with an empty AWS configuration. Waits until the demo prints its URL,
// opens it in Chromium and checks that the Dynamo Guard view lists the sample tables and that the
// Scan in the example handler is reported. Then checks that Ctrl-C (SIGINT to the group, as a
// terminal sends it) stops every process the demo started and removes its temporary folders, and
// that a crashed demo (SIGKILL, which it cannot handle) is cleaned up after too.
// Exit 0 when all holds; prints one line per check.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, repoRoot } from '../host/codeServer';
import { freePort } from '../../test/harness/dynamodbLocal';

const README_COMMAND = 'npm install && npm run demo';
const startTimeoutMs = Number(process.env.DYNAMO_GUARD_DEMO_SMOKE_TIMEOUT_MS ?? 30 * 60_000);
const resultsDir = path.join(repoRoot, 'test-results');

interface Demo {
  child: ChildProcess;
  output: () => string;
  url: Promise<string>;
  exited: Promise<number | null>;
}

function readmeCommandIsCurrent(): void {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  if (!readme.includes(README_COMMAND))
    throw new Error(`README.md no longer shows \`${README_COMMAND}\`: update this check with it`);
}

function startDemo(awsDir: string, port: number): Demo {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DYNAMO_GUARD_DEMO_HOST: 'code-server',
    DYNAMO_GUARD_DEMO_PORT: String(port),
  };
  // An empty ~/.aws: no profiles, no credentials, no region from the machine.
  for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
  env.AWS_CONFIG_FILE = path.join(awsDir, 'config');
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(awsDir, 'credentials');
  const child = spawn('bash', ['-c', README_COMMAND], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let resolveUrl: (u: string) => void = () => undefined;
  let rejectUrl: (e: Error) => void = () => undefined;
  const url = new Promise<string>((res, rej) => {
    resolveUrl = res;
    rejectUrl = rej;
  });
  const onData = (b: Buffer) => {
    process.stdout.write(b);
    out = (out + b.toString()).slice(-200_000);
    const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+) in your browser/.exec(out);
    if (m?.[1]) resolveUrl(m[1]);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((res) =>
    child.once('exit', (code) => {
      rejectUrl(new Error(`the demo exited (${code}) before printing its URL`));
      res(code);
    }),
  );
  const timer = setTimeout(() => rejectUrl(new Error(`no URL after ${startTimeoutMs / 1000}s`)), startTimeoutMs);
  void url.finally(() => clearTimeout(timer)).catch(() => undefined);
  return { child, output: () => out, url, exited };
}

/** Every process below `root` (its children, theirs, and so on), from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    for (const [pid, ppid] of parentOf)
      if (ppid === p) {
        found.push(pid);
        queue.push(pid);
      }
  }
  return found;
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function demoFolders(): string[] {
  return fs
    .readdirSync(os.tmpdir())
    .filter((f) => f.startsWith('dg-demo-') || f.startsWith('dg-ddb-local-'))
    .map((f) => path.join(os.tmpdir(), f));
}

async function checkWorkbench(url: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  fs.mkdirSync(resultsDir, { recursive: true });
  try {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await page.locator('.activitybar [aria-label^="Dynamo Guard"]').first().click({ timeout: 120_000 });
    await page.locator('.monaco-list-row', { hasText: 'shop' }).first().waitFor({ timeout: 120_000 });
    console.log('demo-smoke: ok  the Tables view lists the sample shop tables');
    await page.locator('.monaco-workbench .part.editor').click();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 30_000 });
    await page.keyboard.type('listOrders.ts');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'listOrders.ts' })
      .first()
      .click({ timeout: 60_000 });
    await page.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ timeout: 120_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: /Scan/ }).first().waitFor({ timeout: 60_000 });
    console.log('demo-smoke: ok  the Scan in listOrders.ts is reported');
    await page.screenshot({ path: path.join(resultsDir, 'demo-smoke.png') });
  } catch (err) {
    await page.screenshot({ path: path.join(resultsDir, 'demo-smoke-failed.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close();
  }
}

async function stopAndCheck(demo: Demo, how: 'ctrl-c' | 'crash', foldersBefore: Set<string>): Promise<void> {
  const pgid = demo.child.pid as number;
  const started = descendants(pgid);
  const described = started.map((p) => `${p} ${commandOf(p).slice(0, 80)}`);
  if (how === 'ctrl-c') {
    process.kill(-pgid, 'SIGINT');
  } else {
    const demoNode = started.find(
      (p) =>
        /scripts\/demo\.ts/.test(commandOf(p)) &&
        !/^(sh|bash|npm)\b/.test(path.basename(commandOf(p).split(' ')[0] ?? '')),
    );
    if (!demoNode) throw new Error(`could not find the demo's node process among:\n${described.join('\n')}`);
    process.kill(demoNode, 'SIGKILL');
  }
  await Promise.race([
    demo.exited,
    new Promise((_, rej) => setTimeout(() => rej(new Error('the demo did not exit within 60 s')), 60_000)),
  ]);
  await waitUntil('every process the demo started to stop', () => started.every((p) => !alive(p)), 30_000).catch(() => {
    throw new Error(
      `still running after ${how}:\n${started
        .filter(alive)
        .map((p) => `${p} ${commandOf(p).slice(0, 120)}`)
        .join('\n')}`,
    );
  });
  await waitUntil(
    "the demo's temporary folders to be removed",
    () => demoFolders().every((f) => foldersBefore.has(f)),
    15_000,
  ).catch(() => {
    throw new Error(
      `left behind after ${how}: ${demoFolders()
        .filter((f) => !foldersBefore.has(f))
        .join(', ')}`,
    );
  });
  console.log(
    `demo-smoke: ok  ${how}: all ${started.length} processes it started stopped, its temporary folders removed`,
  );
}

async function main(): Promise<number> {
  readmeCommandIsCurrent();
  const awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-empty-aws-'));
  try {
    const foldersBefore = new Set(demoFolders());
    let demo = startDemo(awsDir, await freePort());
    try {
      const url = await demo.url;
      console.log(`demo-smoke: ok  \`${README_COMMAND}\` came up at ${url.split('/?')[0]}`);
      await checkWorkbench(url);
    } catch (err) {
      try {
        process.kill(-(demo.child.pid as number), 'SIGKILL');
      } catch {
        /* gone */
      }
      throw err;
    }
    await stopAndCheck(demo, 'ctrl-c', foldersBefore);

    demo = startDemo(awsDir, await freePort());
    try {
      await demo.url;
    } catch (err) {
      try {
        process.kill(-(demo.child.pid as number), 'SIGKILL');
      } catch {
        /* gone */
      }
      throw err;
    }
    await stopAndCheck(demo, 'crash', foldersBefore);
    return 0;
  } finally {
    fs.rmSync(awsDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo-smoke: FAILED  ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
