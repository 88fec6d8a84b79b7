// Reads and writes the `dynamoGuard.connections` setting; only user (not workspace) values are
// honoured in an untrusted workspace, because they decide where credentials are sent. Builds the
// client options of every AWS call the extension makes, with the `dynamoGuard.aws.*` time bound.
import * as vscode from 'vscode';
import type { ConnectionOptions } from '../../core/aws/clients';

export interface ConnectionSetting {
  name: string;
  profile?: string;
  regions?: string[];
  endpoint?: string;
  cloudWatchEndpoint?: string;
}

const SECTION = 'dynamoGuard';
const KEY = 'connections';

function isConnection(v: unknown): v is ConnectionSetting {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.name === 'string' &&
    c.name.length > 0 &&
    (c.profile === undefined || typeof c.profile === 'string') &&
    (c.endpoint === undefined || typeof c.endpoint === 'string') &&
    (c.cloudWatchEndpoint === undefined || typeof c.cloudWatchEndpoint === 'string') &&
    (c.regions === undefined || (Array.isArray(c.regions) && c.regions.every((r) => typeof r === 'string')))
  );
}

export function readConnections(): ConnectionSetting[] {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown[]>(KEY);
  // `application` scope already keeps workspace values out; the trust check guards older hosts too.
  const raw = vscode.workspace.isTrusted ? config.get<unknown[]>(KEY, []) : (inspected?.globalValue ?? []);
  return (Array.isArray(raw) ? raw : []).filter(isConnection);
}

export async function writeConnections(connections: ConnectionSetting[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(KEY, connections, vscode.ConfigurationTarget.Global);
}

export const LOCAL_CONNECTION: ConnectionSetting = {
  name: 'DynamoDB Local',
  regions: ['us-east-1'],
  endpoint: 'http://localhost:8000',
};

export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.${KEY}`);
}

const AWS_SECTION = `${SECTION}.aws`;
const TIMEOUT_KEY = 'requestTimeoutSeconds';
/** package.json declares the same default and range. */
const DEFAULT_TIMEOUT_SECONDS = 10;
const MAX_TIMEOUT_SECONDS = 3600;

/** The bound on each attempt of an AWS request, and how the timed-out sentence says to raise it. */
export function requestTimeoutOptions(): Pick<ConnectionOptions, 'requestTimeoutMs' | 'timeoutHint'> {
  const v = vscode.workspace.getConfiguration(AWS_SECTION).get<number>(TIMEOUT_KEY, DEFAULT_TIMEOUT_SECONDS);
  const seconds =
    typeof v === 'number' && Number.isFinite(v)
      ? Math.min(MAX_TIMEOUT_SECONDS, Math.max(1, v))
      : DEFAULT_TIMEOUT_SECONDS;
  return { requestTimeoutMs: Math.round(seconds * 1000), timeoutHint: `the setting \`${AWS_SECTION}.${TIMEOUT_KEY}\`` };
}

/** The SDK client options of a connection in one region (undefined: the profile's region). */
export function clientOptions(
  connection: ConnectionSetting,
  region: string | undefined,
  extra: Pick<ConnectionOptions, 'maxAttempts'> = {},
): ConnectionOptions {
  return {
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(region ? { region } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...requestTimeoutOptions(),
    ...extra,
  };
}

export function affectsAwsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(AWS_SECTION);
}
