// Runs the extension-host suites with mocha inside a real VS Code: called by @vscode/test-electron
// (as extensionTestsPath) and by the code-server test driver. Same suites, either host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface HostTestResult {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  durationMs: number;
}

export function runSuites(options: { grep?: string } = {}): Promise<HostTestResult> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: 'spec',
    ...(options.grep ? { grep: options.grep } : {}),
  });
  const dir = path.join(__dirname, 'suite');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.(test|bench|scene)\.js$/.test(f))
    .sort())
    mocha.addFile(path.join(dir, file));
  const started = Date.now();
  return new Promise((resolve) => {
    const failures: HostTestResult['failures'] = [];
    const runner = mocha.run(() => {
      resolve({
        passed: runner.stats?.passes ?? 0,
        failed: runner.stats?.failures ?? failures.length,
        pending: runner.stats?.pending ?? 0,
        failures,
        durationMs: Date.now() - started,
      });
    });
    runner.on('fail', (test, err: Error) =>
      failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) }),
    );
  });
}

/** Entry for @vscode/test-electron: rejects when any test failed. */
export async function run(): Promise<void> {
  const result = await runSuites({ grep: process.env.DYNAMO_GUARD_TEST_GREP });
  const out = process.env.DYNAMO_GUARD_TEST_RESULT;
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
  if (result.failed > 0) throw new Error(`${result.failed} extension-host test(s) failed`);
}
