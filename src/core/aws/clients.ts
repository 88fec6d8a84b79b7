// One cached SDK client per (service, profile, region, endpoint), built on the SDK's default
// credential chain so SSO, credential_process, env vars and profile endpoint_url need no code of ours.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { isLocalEndpoint } from './endpoints';

export { isLocalEndpoint };

export interface ConnectionOptions {
  /** Shared-config profile; undefined means the SDK default (AWS_PROFILE or `default`). */
  profile?: string;
  /** Region; undefined means the SDK default (AWS_REGION or the profile's region). */
  region?: string;
  /** Explicit endpoint (DynamoDB Local, a stand-in); undefined lets the SDK apply AWS_ENDPOINT_URL* and profile endpoint_url. */
  endpoint?: string;
  /** Explicit credentials (tests, DynamoDB Local); undefined means the default chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Upper bound on SDK attempts (default: the SDK's standard 3). */
  maxAttempts?: number;
  /** Per-request socket timeout in ms (default 10 s), so a dead endpoint never hangs a caller. */
  requestTimeoutMs?: number;
}

/** Credentials DynamoDB Local accepts; used only when the endpoint is on this machine and no chain credentials exist. */
const LOCAL_ONLY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'dynamodb-local', secretAccessKey: 'dynamodb-local' };

function credentialsFor(conn: ConnectionOptions): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
  if (conn.credentials) return conn.credentials;
  const chain = fromNodeProviderChain(conn.profile ? { profile: conn.profile } : {});
  if (!isLocalEndpoint(conn.endpoint)) return conn.profile ? chain : undefined;
  // DynamoDB Local ignores credentials but the SDK still signs; fall back to fixed local ones.
  return async () => {
    try {
      return await chain();
    } catch {
      return LOCAL_ONLY_CREDENTIALS;
    }
  };
}

function keyOf(service: string, conn: ConnectionOptions): string {
  return [service, conn.profile ?? '', conn.region ?? '', conn.endpoint ?? '', conn.maxAttempts ?? '', conn.requestTimeoutMs ?? ''].join('\u0000');
}

const cache = new Map<string, DynamoDBClient | CloudWatchClient>();

function baseConfig(conn: ConnectionOptions) {
  return {
    ...(conn.region ? { region: conn.region } : {}),
    ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
    ...(conn.profile ? { profile: conn.profile } : {}),
    ...(conn.maxAttempts ? { maxAttempts: conn.maxAttempts } : {}),
    credentials: credentialsFor(conn),
    requestHandler: { requestTimeout: conn.requestTimeoutMs ?? 10_000, connectionTimeout: Math.min(conn.requestTimeoutMs ?? 10_000, 5_000) },
  };
}

export function dynamoDbClient(conn: ConnectionOptions): DynamoDBClient {
  const key = keyOf('dynamodb', conn);
  let client = cache.get(key) as DynamoDBClient | undefined;
  if (!client) {
    client = new DynamoDBClient(baseConfig(conn));
    cache.set(key, client);
  }
  return client;
}

export function cloudWatchClient(conn: ConnectionOptions): CloudWatchClient {
  const key = keyOf('cloudwatch', conn);
  let client = cache.get(key) as CloudWatchClient | undefined;
  if (!client) {
    client = new CloudWatchClient(baseConfig(conn));
    cache.set(key, client);
  }
  return client;
}

/** Destroys every cached client (sockets closed); for deactivate() and tests. */
export function disposeClients(): void {
  for (const client of cache.values()) client.destroy();
  cache.clear();
}
