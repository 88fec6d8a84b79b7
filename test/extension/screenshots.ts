// Asks the host launcher (scripts/host/runExtensionTests.ts) to screenshot the page as it is now, or
// to answer a modal dialog with a click; a no-op where no launcher listens (test-electron), so suites
// stay host-agnostic.
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

export interface DialogAnswer {
  message: string;
  detail: string;
  buttons: string[];
  clicked: boolean;
  error?: string;
}

/** True where a launcher answers dialogs (code-server driven by the launcher); false under test-electron. */
export function canAnswerDialogs(): boolean {
  const dir = process.env.DYNAMO_GUARD_SCREENSHOT_REQUESTS;
  return Boolean(dir && fs.existsSync(dir));
}

/**
 * Has the launcher wait for the workbench's modal dialog, read it, and click `button` in it.
 * Resolves with what the dialog said, or undefined when no launcher answers.
 */
export async function answerDialog(name: string, button: string, timeoutMs = 30_000): Promise<DialogAnswer | undefined> {
  if (!canAnswerDialogs()) return undefined;
  const dir = process.env.DYNAMO_GUARD_SCREENSHOT_REQUESTS as string;
  const done = path.join(dir, `${name}.done`);
  fs.rmSync(done, { force: true });
  fs.writeFileSync(path.join(dir, `${name}.dialog`), JSON.stringify({ button }));
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(done)) {
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  return JSON.parse(fs.readFileSync(done, 'utf8')) as DialogAnswer;
}
