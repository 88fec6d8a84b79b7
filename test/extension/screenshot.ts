// Asks the host runner (scripts/host/runExtensionTests.ts) for a screenshot of the workbench as it is
// now; resolves when the picture is written, or at once when no runner takes pictures (test-electron).
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function screenshot(name: string, timeoutMs = 10_000): Promise<string | undefined> {
  const dir = process.env.DYNAMO_GUARD_SCREENSHOT_REQUESTS;
  if (!dir) return undefined;
  const request = path.join(dir, `${name}.request`);
  const picture = path.join(dir, `${name}.png`);
  fs.rmSync(picture, { force: true });
  fs.writeFileSync(request, '');
  const deadline = Date.now() + timeoutMs;
  while (fs.existsSync(request) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return fs.existsSync(picture) ? picture : undefined;
}
