// Asks for the MFA code of a profile whose role has `mfa_serial`, in an input box, one profile at a
// time; after the user cancels, that profile is not asked again until the Tables view is refreshed.
import * as vscode from 'vscode';
import { mfaCodeNeeded } from '../../core/aws/errors';

const CODE = /^\d{6}$/;

/** The input box's check: undefined when the text is six digits. */
export function mfaCodeProblem(text: string): string | undefined {
  return CODE.test(text.trim()) ? undefined : 'The code is the 6 digits your MFA device shows.';
}

export class MfaPrompter {
  /** Profiles whose prompt was cancelled: background reads must not raise the box again and again. */
  private readonly cancelled = new Set<string>();
  /** Prompts run one after another: a second input box would dismiss the first. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Resolves to the code the user typed, or rejects with a sentence saying none was entered. */
  ask(serial: string, profile: string | undefined): Promise<string> {
    const next = this.queue.then(() => this.prompt(serial, profile));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** After an explicit refresh, a profile whose prompt was cancelled is asked again. */
  forgetCancels(): void {
    this.cancelled.clear();
  }

  private async prompt(serial: string, profile: string | undefined): Promise<string> {
    const key = profile ?? '';
    const notEntered = () =>
      mfaCodeNeeded(
        profile,
        'no code was entered; refresh the Tables view (or run the command again after a refresh) to be asked again',
        serial,
      );
    if (this.cancelled.has(key)) throw notEntered();
    const code = await vscode.window.showInputBox({
      title: `MFA code for profile ${profile ?? 'default'}`,
      prompt: `The role of profile ${profile ?? 'default'} needs the code your MFA device ${serial} shows.`,
      placeHolder: '6 digits',
      password: false,
      ignoreFocusOut: true,
      validateInput: mfaCodeProblem,
    });
    if (code === undefined) {
      this.cancelled.add(key);
      throw notEntered();
    }
    return code.trim();
  }
}
