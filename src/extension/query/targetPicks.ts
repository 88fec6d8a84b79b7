// The steps that pick where a key query runs, shared by the palette commands and the query panel:
// connection, region and table quick picks, and cancellable progress. Escape ends a flow quietly.
import * as vscode from 'vscode';
import type { ConnectionSetting } from '../connections/connectionSettings';
import { QueryInputError } from '../../core/query/keyValue';
import type { ConnectionOptions } from '../../core/aws/clients';
import { notificationText } from '../../core/markdownText';
import type * as AwsEntry from '../../core/entries/aws';

type AwsModule = typeof AwsEntry;

/** Thrown by a step the user escaped from; the boundary turns it into a quiet `cancelled`. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
}

/** Unwraps a step's answer; Escape (undefined) ends the whole flow quietly. */
export async function ask<T>(answer: Thenable<T | undefined>): Promise<T> {
  const value = await answer;
  if (value === undefined) throw new Cancelled('cancelled');
  return value;
}

/** Runs `task` under a cancellable notification; Cancel aborts the request through its signal. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: notificationText(title), cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await task(controller.signal);
      } catch (err) {
        throw controller.signal.aborted ? new Cancelled('cancelled', { cause: err }) : err;
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** The named connection, the only one, or the user's pick. */
export async function pickConnection(all: ConnectionSetting[], name: string | undefined): Promise<ConnectionSetting> {
  if (name !== undefined) {
    const named = all.find((c) => c.name === name);
    if (!named)
      throw new QueryInputError(`No connection is named "${name}": add it in the Tables view or pick another.`);
    return named;
  }
  if (all.length === 1) return all[0] as ConnectionSetting;
  const picked = await ask(
    vscode.window.showQuickPick(
      all.map((c) => ({
        label: c.name,
        description: [c.profile ? `profile ${c.profile}` : undefined, c.endpoint].filter(Boolean).join(' · '),
        connection: c,
      })),
      { title: 'Dynamo Guard: pick a connection', placeHolder: 'Connection', ignoreFocusOut: true },
    ),
  );
  return picked.connection;
}

/** The region to use; undefined lets the SDK take the profile's (or environment's) region. */
export async function pickRegion(connection: ConnectionSetting): Promise<string | undefined> {
  const regions = connection.regions?.filter((r) => r.length > 0) ?? [];
  if (regions.length <= 1) return regions[0];
  return ask(
    vscode.window.showQuickPick(regions, {
      title: `Dynamo Guard: region of ${connection.name}`,
      placeHolder: 'Region',
      ignoreFocusOut: true,
    }),
  );
}

/** Every table name of the connection's region, under cancellable progress. */
export function listTables(aws: AwsModule, conn: ConnectionOptions, signal?: AbortSignal): Promise<string[]> {
  return (async () => {
    const found: string[] = [];
    for await (const name of aws.listTableNames(conn, signal)) found.push(name);
    return found;
  })();
}

export async function pickTable(
  aws: AwsModule,
  conn: ConnectionOptions,
  connection: ConnectionSetting,
  region: string | undefined,
): Promise<string> {
  const names = await withCancellableProgress('Listing tables…', (signal) => listTables(aws, conn, signal));
  if (names.length === 0)
    throw new QueryInputError(
      `There are no tables in ${region ?? 'the default region'} of connection ${connection.name}.`,
    );
  return ask(
    vscode.window.showQuickPick(names, {
      title: `Dynamo Guard: table in ${connection.name}${region ? ` (${region})` : ''}`,
      placeHolder: 'Table',
      ignoreFocusOut: true,
    }),
  );
}
