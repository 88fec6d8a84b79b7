// Asks the host launcher (scripts/host/runExtensionTests.ts) to screenshot the page as it is now;
// a no-op where no launcher listens (test-electron), so suites stay host-agnostic.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Saves test-results/screenshots/<name>.png; resolves false when no launcher takes screenshots. */
export async function requestScreenshot(name: string, timeoutMs = 20_000, options: { sidebarWidth?: number } = {}): Promise<boolean> {
  const dir = process.env.DYNAMO_GUARD_SCREENSHOT_REQUESTS;
  if (!dir || !fs.existsSync(dir)) return false;
  const done = path.join(dir, `${name}.done`);
  fs.rmSync(done, { force: true });
  fs.writeFileSync(path.join(dir, `${name}.request`), JSON.stringify(options));
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(done)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
