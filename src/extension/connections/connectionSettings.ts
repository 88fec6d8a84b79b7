// Reads and writes the `dynamoGuard.connections` setting; only user (not workspace) values are
// honoured in an untrusted workspace, because they decide where credentials are sent.
import * as vscode from 'vscode';

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
  return typeof c.name === 'string' && c.name.length > 0
    && (c.profile === undefined || typeof c.profile === 'string')
    && (c.endpoint === undefined || typeof c.endpoint === 'string')
    && (c.cloudWatchEndpoint === undefined || typeof c.cloudWatchEndpoint === 'string')
    && (c.regions === undefined || (Array.isArray(c.regions) && c.regions.every((r) => typeof r === 'string')));
}

export function readConnections(): ConnectionSetting[] {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown[]>(KEY);
  // `application` scope already keeps workspace values out; the trust check guards older hosts too.
  const raw = vscode.workspace.isTrusted ? config.get<unknown[]>(KEY, []) : inspected?.globalValue ?? [];
  return (Array.isArray(raw) ? raw : []).filter(isConnection);
}

export async function writeConnections(connections: ConnectionSetting[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(KEY, connections, vscode.ConfigurationTarget.Global);
}

export const LOCAL_CONNECTION: ConnectionSetting = { name: 'DynamoDB Local', regions: ['us-east-1'], endpoint: 'http://localhost:8000' };

export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.${KEY}`);
}
