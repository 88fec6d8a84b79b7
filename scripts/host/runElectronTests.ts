// Runs the same extension-host suites under @vscode/test-electron, for machines that can download
// VS Code (this one cannot: use runExtensionTests.ts with code-server here). Starts DynamoDB Local
// and passes the same environment the code-server launcher does.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startDynamoDbLocal } from '../../test/harness/dynamodbLocal';
import { repoRoot, writeUserSettings } from './codeServer';
import { buildHostSuites, buildProduction } from './buildForHost';

async function main(): Promise<number> {
  const runner = await buildHostSuites(path.join(repoRoot, 'out/test/extension'));
  buildProduction();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-electron-'));
  const workspace = path.join(tmp, 'workspace');
  const userDataDir = path.join(tmp, 'user-data');
  fs.cpSync(path.join(repoRoot, 'test/fixtures/workspace'), workspace, { recursive: true });
  const ddb = await startDynamoDbLocal();
  const resultFile = path.join(repoRoot, 'test-results/extension-electron.json');
  try {
    writeUserSettings(userDataDir, {
      'dynamoGuard.connections': [{ name: 'Test DynamoDB Local', regions: ['us-east-1'], endpoint: ddb.endpoint }],
    });
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: runner,
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, '--disable-workspace-trust', '--disable-extensions'],
      extensionTestsEnv: {
        DYNAMO_GUARD_TEST_RESULT: resultFile,
        DYNAMO_GUARD_TEST_DDB_ENDPOINT: ddb.endpoint,
        DYNAMO_GUARD_TEST_WORKSPACE: workspace,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'us-east-1',
      },
    });
    return 0;
  } catch (err) {
    console.error(`test-electron run failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await ddb.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
