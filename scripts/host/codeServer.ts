// Starts a real VS Code host for tests and the demo: code-server (installed by install-code-server.sh
// into a cache outside the repo) with its own extensions and user-data folders, stopped by pid.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface CodeServerInstall {
  node: string;
  entry: string;
}

/** Installs code-server on first use (several minutes), then reuses the cached copy. */
export function ensureCodeServer(): CodeServerInstall {
  const dir = execFileSync('bash', [path.join(repoRoot, 'scripts/host/install-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop() as string;
  return {
    node: path.join(dir, 'node24/bin/node'),
    entry: path.join(dir, 'host/node_modules/code-server/out/node/entry.js'),
  };
}

export function installExtensions(
  cs: CodeServerInstall,
  vsixFiles: string[],
  extensionsDir: string,
  userDataDir: string,
): void {
  const args = [cs.entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
  for (const vsix of vsixFiles) args.push('--install-extension', vsix);
  args.push('--force');
  execFileSync(cs.node, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

export interface RunningCodeServer {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface StartCodeServerOptions {
  port: number;
  extensionsDir: string;
  userDataDir: string;
  workspace: string;
  env?: NodeJS.ProcessEnv;
  /** Leave workspace trust on (for the untrusted-workspace case). */
  trust?: boolean;
  bindAddress?: string;
  /** Called with the process group's id as soon as code-server is spawned, before it answers. */
  onSpawn?: (pid: number) => void;
}

export async function startCodeServer(
  cs: CodeServerInstall,
  options: StartCodeServerOptions,
): Promise<RunningCodeServer> {
  const bind = options.bindAddress ?? '127.0.0.1';
  const args = [
    cs.entry,
    '--auth',
    'none',
    '--bind-addr',
    `${bind}:${options.port}`,
    '--extensions-dir',
    options.extensionsDir,
    '--user-data-dir',
    options.userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.trust ? [] : ['--disable-workspace-trust']),
    options.workspace,
  ];
  const child = spawn(cs.node, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...options.env },
  });
  if (child.pid) options.onSpawn?.(child.pid);
  let out = '';
  const collect = (b: Buffer) => {
    out = (out + b.toString()).slice(-400_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://${bind}:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}): ${out}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(`${url}/healthz`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1000, () => {
        req.destroy();
        resolve(false);
      });
    });
    if (ok) break;
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error(`code-server did not answer on ${url}: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port: options.port,
    pid: child.pid as number,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          killGroup(child, 'SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        killGroup(child);
      }),
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Fresh user-data folder with quiet defaults and the given settings. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'workbench.enableExperiments': false,
        'chat.disableAIFeatures': true,
        'workbench.colorTheme': 'Default Dark Modern',
        // VS Code for the web (code-server) saves after 1 s by default; desktop VS Code does not. Suites
        // that edit a fixture and then revert it expect the desktop default: with auto save on, a slow
        // step saves the edit and the revert restores the edited text.
        'files.autoSave': 'off',
        ...settings,
      },
      null,
      2,
    ),
  );
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function chromiumPath(): string {
  for (const p of [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install the Debian package `chromium` (or set CHROMIUM_PATH).');
}
