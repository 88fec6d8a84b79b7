// Obtains AWS's DynamoDB Local (shipped inside the npm package amplify-dynamodb-simulator), starts it
// in memory on a free port with the system Java, waits until it answers, and stops it by pid.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Pinned package that carries the DynamoDB Local jar in its `emulator/` folder. */
export const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator';
export const SIMULATOR_VERSION = '2.9.30';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Git-ignored cache folder (inside the repo) that keeps only the `emulator/` folder. */
export function emulatorDir(cacheRoot = path.join(repoRoot, '.cache')): string {
  return path.join(cacheRoot, `dynamodb-local-${SIMULATOR_VERSION}`, 'emulator');
}

/** Fetches the emulator with `npm pack` (no dependencies installed) unless it is already cached. */
export function ensureEmulator(cacheRoot?: string): string {
  const dir = emulatorDir(cacheRoot);
  const jar = path.join(dir, 'DynamoDBLocal.jar');
  if (fs.existsSync(jar) && fs.existsSync(path.join(dir, 'DynamoDBLocal_lib'))) return dir;
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddb-local-'));
  try {
    const out = execFileSync(
      'npm',
      ['pack', `${SIMULATOR_PACKAGE}@${SIMULATOR_VERSION}`, '--pack-destination', tmp, '--loglevel=error'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const tgz = path.join(tmp, out.trim().split('\n').pop() as string);
    execFileSync('tar', ['-xzf', tgz, '-C', tmp, 'package/emulator']);
    const staged = path.join(parent, `emulator.partial-${process.pid}`);
    fs.rmSync(staged, { recursive: true, force: true });
    fs.renameSync(path.join(tmp, 'package', 'emulator'), staged);
    try {
      fs.renameSync(staged, dir);
    } catch (err) {
      // Another process won the race; its copy is identical.
      fs.rmSync(staged, { recursive: true, force: true });
      if (!fs.existsSync(jar)) throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Working folder of the process (DynamoDB Local writes dynamodb-local-metadata.json there); removed when it exits. */
  readonly workDir: string;
  stop(): Promise<void>;
}

/** Waits until DynamoDB Local answers an HTTP request (any status) on the port. */
async function waitUntilAnswering(
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.setTimeout(500);
      sock.once('connect', () => {
        sock.write(
          'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
        );
      });
      sock.once('data', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
      sock.once('timeout', () => {
        sock.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms: ${log()}`);
}

export interface StartOptions {
  port?: number;
  cacheRoot?: string;
  timeoutMs?: number;
  /** Keep the process alive when the parent exits (used by `npm run demo`, which stops it itself). */
  detached?: boolean;
  /** Called with the process id and work folder as soon as java is spawned, before it answers. */
  onSpawn?: (pid: number, workDir: string) => void;
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const dir = ensureEmulator(options.cacheRoot);
  const port = options.port ?? (await freePort());
  // DynamoDB Local writes dynamodb-local-metadata.json into its working folder even with telemetry
  // off: give it a folder of its own, outside the repository, removed when the process exits.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-ddb-local-'));
  const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-Xshare:auto',
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false },
  );
  let output = '';
  const collect = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('exit', removeWorkDir);
  child.once('error', removeWorkDir);
  if (!child.pid) {
    removeWorkDir();
    throw new Error(
      'could not start java: DynamoDB Local needs a Java runtime (17+) on PATH (Debian: apt-get install openjdk-17-jre-headless)',
    );
  }
  const pid = child.pid;
  options.onSpawn?.(pid, workDir);
  try {
    await waitUntilAnswering(port, child, options.timeoutMs ?? 30_000, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid,
    workDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          removeWorkDir();
          return resolve();
        }
        const timer = setTimeout(() => {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          clearTimeout(timer);
          resolve();
        }
      }),
  };
}

/** Static credentials for DynamoDB Local and the CloudWatch stand-in (any values are accepted). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
