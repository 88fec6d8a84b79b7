// Answers the workbench's modal dialogs through the page driver (test/extension/page.ts); a no-op
// where no launcher drives a page (test-electron), so suites stay host-agnostic.
import { page, type DialogAnswer } from './page';

export type { DialogAnswer };

/** True where a launcher answers dialogs (code-server driven by the launcher); false under test-electron. */
export function canAnswerDialogs(): boolean {
  return page.available;
}

/**
 * Has the page driver wait for the workbench's modal dialog, read it, and click `button` in it.
 * Resolves with what the dialog said, or undefined when no launcher answers. `name` only labels the call.
 */
export async function answerDialog(_name: string, button: string): Promise<DialogAnswer | undefined> {
  if (!page.available) return undefined;
  return page.answerDialog(button);
}
