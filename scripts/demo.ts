// `npm run demo`: builds the extension, starts DynamoDB Local with the sample shop, starts the
// CloudWatch stand-in with a SIMULATED scenario, and opens examples/shop-service in a VS Code host
// with the extension: local VS Code (`code --extensionDevelopmentPath`) when installed, else
// code-server (prints the URL). Ctrl-C stops everything it started.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, ListTablesCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { freePort, startDynamoDbLocal, LOCAL_CREDENTIALS } from '../test/harness/dynamodbLocal';
import { startCloudWatchStandIn } from '../test/harness/cloudWatchStandIn';
import { seedSampleShop } from '../test/harness/sampleShop';
import { ensureCodeServer, installExtensions, repoRoot, startCodeServer, writeUserSettings } from './host/codeServer';
import { packageExtension } from './host/buildForHost';
import { loadSimulatedScenario, SCENARIO_LABEL } from './demo/simulatedScenario';

const args = process.argv.slice(2);
const useCodeServer = args.includes('--code-server') || !hasLocalVsCode();
const workspace = path.join(repoRoot, 'examples/shop-service');

function hasLocalVsCode(): boolean {
  if (process.env.DYNAMO_GUARD_DEMO_HOST === 'code-server') return false;
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function portOr(preferred: number): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => {
      void freePort().then(resolve);
    });
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(preferred)));
  });
}

/**
 * A detached watcher that stops what the demo started if the demo dies without doing so itself
 * (SIGKILL, out of memory). Everything the demo starts is registered with it.
 */
function startReaper(): { track(what: { pid?: number; group?: boolean; folder?: string }): void; release(): void } {
  const reaper = spawn(process.execPath, [path.join(repoRoot, 'scripts/demo/reaper.cjs')], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  reaper.unref();
  (reaper.channel as { unref?: () => void } | undefined)?.unref?.();
  return {
    track: (what) => {
      if (reaper.connected) reaper.send(what);
    },
    release: () => {
      if (reaper.connected) {
        reaper.send({ done: true });
        reaper.disconnect();
      }
    },
  };
}

async function main(): Promise<void> {
  const stops: (() => Promise<void> | void)[] = [];
  const reaper = startReaper();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the demo…');
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    reaper.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));
  const crashed = (err: unknown) => {
    console.error(`demo crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void stopAll(1);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);

  try {
    console.log('1/4 building and packaging the extension…');
    const vsix = packageExtension(path.join(repoRoot, 'out/demo/dynamo-guard.vsix'));

    console.log("2/4 starting DynamoDB Local (AWS's emulator) and loading the sample shop…");
    const ddb = await startDynamoDbLocal({
      port: await portOr(8000),
      onSpawn: (pid, folder) => reaper.track({ pid, folder }),
    });
    stops.push(() => ddb.stop());
    const conn = { endpoint: ddb.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
    await seedSampleShop(conn);
    const client = new DynamoDBClient(conn);
    const tables: { name: string; gsis: string[] }[] = [];
    for (const name of (await client.send(new ListTablesCommand({}))).TableNames ?? []) {
      const t = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
      tables.push({ name, gsis: (t?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? '').filter(Boolean) });
    }
    client.destroy();
    console.log(`    ${ddb.endpoint}: ${tables.map((t) => t.name).join(', ')}`);

    console.log('3/4 starting the CloudWatch stand-in with a SIMULATED scenario…');
    const cw = await startCloudWatchStandIn();
    stops.push(() => cw.stop());
    loadSimulatedScenario(cw, tables);
    console.log(`    ${cw.endpoint}: ${SCENARIO_LABEL}`);

    const env = {
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_CLOUDWATCH: cw.endpoint,
      DYNAMO_GUARD_SIMULATED_METRICS: SCENARIO_LABEL,
    };
    const settings = {
      'dynamoGuard.connections': [{ name: 'DynamoDB Local (demo)', regions: ['us-east-1'], endpoint: ddb.endpoint }],
    };

    console.log('4/4 opening examples/shop-service in a VS Code host…');
    if (!useCodeServer) {
      const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-demo-vscode-'));
      writeUserSettings(userDataDir, settings);
      stops.push(() => fs.rmSync(userDataDir, { recursive: true, force: true }));
      reaper.track({ folder: userDataDir });
      const child = spawn(
        'code',
        [
          '--new-window',
          '--wait',
          `--user-data-dir=${userDataDir}`,
          `--extensionDevelopmentPath=${repoRoot}`,
          workspace,
        ],
        { stdio: 'inherit', env: { ...process.env, ...env } },
      );
      if (child.pid) reaper.track({ pid: child.pid });
      console.log('    VS Code opened with the extension under development. Close the window or press Ctrl-C to stop.');
      child.on('exit', () => void stopAll(0));
    } else {
      const cs = ensureCodeServer();
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-demo-'));
      reaper.track({ folder: tmp });
      stops.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
      const extensionsDir = path.join(tmp, 'extensions');
      const userDataDir = path.join(tmp, 'user-data');
      writeUserSettings(userDataDir, settings);
      installExtensions(cs, [vsix], extensionsDir, userDataDir);
      const port = Number(process.env.DYNAMO_GUARD_DEMO_PORT ?? (await portOr(8080)));
      const server = await startCodeServer(cs, {
        port,
        extensionsDir,
        userDataDir,
        workspace,
        env,
        onSpawn: (pid) => reaper.track({ pid, group: true }),
      });
      stops.push(() => server.stop());
      console.log(`\n    Open ${server.url}/?folder=${encodeURIComponent(workspace)} in your browser.`);
      console.log('    Press Ctrl-C to stop DynamoDB Local, the stand-in and code-server.');
      if (args.includes('--check')) {
        // Used by tests and CI-less smoke runs: prove everything came up, then stop.
        execFileSync(
          process.execPath,
          [path.join(repoRoot, 'dist/cli.js'), 'tables', '--endpoint-url', ddb.endpoint, '--region', 'us-east-1'],
          { stdio: 'inherit', env: { ...process.env, ...env } },
        );
        await stopAll(0);
      }
    }
  } catch (err) {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  }
}

void main();
