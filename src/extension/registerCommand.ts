// The one way the extension registers a command: a failure the command did not handle itself is
// logged in full to the Dynamo Guard output channel, and the user sees one sentence with a
// "Show Log" button that opens it. Escaping a picker ends a command quietly.
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import { errorDetail, errorSentence } from '../core/errorMessage';
import { notificationText } from '../core/markdownText';
import { isQueryInputError } from '../core/query/keyValue';
import type { Log } from './log';
import { Cancelled } from './query/targetPicks';

export const SHOW_LOG = 'Show Log';

// The handler's arguments are whatever the caller passed: each command reads them defensively.
type Handler = (...args: never[]) => unknown;

/** Logs a command's failure and shows its one sentence with "Show Log". */
export function reportCommandFailure(id: CommandId, err: unknown, log: Log): void {
  if (isQueryInputError(err)) log.warn(`${id}: ${err.message}`);
  else log.error(`${id} failed: ${errorDetail(err)}`);
  void vscode.window.showErrorMessage(notificationText(errorSentence(err)), SHOW_LOG).then((choice) => {
    if (choice === SHOW_LOG) log.show();
  });
}

export function registerCommand(id: CommandId, handler: Handler, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      if (err instanceof Cancelled) return undefined;
      reportCommandFailure(id, err, log);
      return undefined;
    }
  });
}
