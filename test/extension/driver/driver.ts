// Test-driver extension for code-server: on startup it loads the compiled suites named by
// DYNAMO_GUARD_TEST_RUNNER, runs them in this extension host, and writes DYNAMO_GUARD_TEST_RESULT.
import * as fs from 'node:fs';

interface Runner {
  runSuites(options: { grep?: string }): Promise<{ passed: number; failed: number }>;
}

export function activate(): void {
  const runnerPath = process.env.DYNAMO_GUARD_TEST_RUNNER;
  const resultPath = process.env.DYNAMO_GUARD_TEST_RESULT;
  if (!runnerPath || !resultPath) return;
  // Only the first window runs the suites (a reload must not run them twice).
  const marker = `${resultPath}.started`;
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch {
    return;
  }
  void (async () => {
    try {
      // The suites are compiled outside this extension; their path is only known at run time.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const runner = require(runnerPath) as Runner;
      const result = await runner.runSuites({ grep: process.env.DYNAMO_GUARD_TEST_GREP });
      fs.writeFileSync(resultPath, JSON.stringify(result, null, 2));
    } catch (err) {
      fs.writeFileSync(
        resultPath,
        JSON.stringify({
          passed: 0,
          failed: 1,
          failures: [{ title: 'test driver', error: String((err as Error)?.stack ?? err) }],
        }),
      );
    }
  })();
}

export function deactivate(): void {}
