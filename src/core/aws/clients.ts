// One cached SDK client per (service, profile, region, endpoint), built on the SDK's default
// credential chain so SSO, credential_process, env vars and profile endpoint_url need no code of ours;
// every call it sends ends within a bound, with a sentence naming the service when it does not answer.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { isLocalEndpoint } from './endpoints';
import { AwsProblem, timeoutProblem, type TimeoutFacts } from './errors';

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
  /** Upper bound on SDK attempts (default: the SDK's, 4 for DynamoDB and 3 for CloudWatch, or AWS_MAX_ATTEMPTS / the profile's max_attempts). */
  maxAttempts?: number;
  /** Bound on each attempt of a request, connecting and answering (default 10 s); a call with its retries ends within attempts × this. */
  requestTimeoutMs?: number;
  /** How the user raises requestTimeoutMs (`--timeout <seconds>`, a setting), named in the timed-out sentence. */
  timeoutHint?: string;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The NodeHttpHandler options of a connection. `requestTimeout` alone only logs a warning (the
 * handler's `throwOnRequestTimeout` defaults to false), so an endpoint that accepts the connection and
 * never answers would hang the call; `socketTimeout` bounds a response body that stops arriving.
 */
export function requestHandlerOptions(conn: Pick<ConnectionOptions, 'requestTimeoutMs'>) {
  const ms = conn.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true, socketTimeout: ms };
}

/** Longest one call may take: every attempt its client makes, with the backoff between them. */
export function callTimeoutMs(conn: Pick<ConnectionOptions, 'requestTimeoutMs'>, attempts: number): number {
  return (conn.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) * Math.max(1, attempts);
}

/**
 * Credentials DynamoDB Local accepts; used only when the endpoint is on this machine and no chain
 * credentials exist. DynamoDB Local 2.x rejects an access key id with anything but letters and digits.
 */
export const LOCAL_ONLY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'dynamodblocal', secretAccessKey: 'dynamodblocal' };

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

const credentialIds = new WeakMap<object, number>();
let lastCredentialId = 0;

/** Explicit credentials by identity, so a client built with them is never handed to a caller without them. */
function credentialsKey(conn: ConnectionOptions): string {
  if (!conn.credentials) return '';
  let id = credentialIds.get(conn.credentials);
  if (id === undefined) {
    id = ++lastCredentialId;
    credentialIds.set(conn.credentials, id);
  }
  return String(id);
}

function keyOf(service: string, conn: ConnectionOptions): string {
  return [service, conn.profile ?? '', conn.region ?? '', conn.endpoint ?? '', conn.maxAttempts ?? '', conn.requestTimeoutMs ?? '', conn.timeoutHint ?? '', credentialsKey(conn)].join('\u0000');
}

const cache = new Map<string, DynamoDBClient | CloudWatchClient>();

function baseConfig(conn: ConnectionOptions) {
  return {
    ...(conn.region ? { region: conn.region } : {}),
    ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
    ...(conn.profile ? { profile: conn.profile } : {}),
    ...(conn.maxAttempts ? { maxAttempts: conn.maxAttempts } : {}),
    credentials: credentialsFor(conn),
    requestHandler: requestHandlerOptions(conn),
  };
}

type Send = (command: unknown, options?: { abortSignal?: unknown }) => Promise<unknown>;

/**
 * Makes the client's `send` end within callTimeoutMs: the SDK's retries of a timed-out attempt (a
 * TimeoutError is "transient" to it) and its backoff cannot stretch one call past that bound. A
 * cancellation by the caller's own signal stays a cancellation.
 */
function boundCalls<C extends DynamoDBClient | CloudWatchClient>(client: C, service: TimeoutFacts['service'], conn: ConnectionOptions): C {
  const send = client.send.bind(client) as unknown as (command: unknown, optionsOrCb?: unknown, cb?: unknown) => Promise<unknown>;
  // The SDK's own count (its default, AWS_MAX_ATTEMPTS, the profile's max_attempts) unless the connection sets one.
  let attempts: Promise<number> | undefined;
  const attemptsOf = () => (attempts ??= client.config.maxAttempts().catch(() => 3));
  const bounded: Send = async (command, options) => {
    const facts: TimeoutFacts = {
      service,
      ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
      ...(conn.region ? { region: conn.region } : {}),
      attemptMs: conn.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      attempts: await attemptsOf(),
      ...(conn.timeoutHint ? { hint: conn.timeoutHint } : {}),
    };
    const own = options?.abortSignal as AbortSignal | undefined;
    const deadline = new AbortController();
    const signal = own ? AbortSignal.any([own, deadline.signal]) : deadline.signal;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(timeoutProblem(facts));
        deadline.abort();
      }, callTimeoutMs(conn, facts.attempts));
    });
    const sent = send(command, { ...options, abortSignal: signal });
    // Whichever loses the race must not surface as an unhandled rejection.
    sent.catch(() => undefined);
    expired.catch(() => undefined);
    try {
      return await Promise.race([sent, expired]);
    } catch (err) {
      if (own?.aborted) throw err;
      if (deadline.signal.aborted || isTimeout(err)) throw err instanceof AwsProblem ? err : timeoutProblem(facts, err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
  (client as unknown as { send: unknown }).send = (command: unknown, optionsOrCb?: unknown, cb?: unknown) =>
    typeof optionsOrCb === 'function' || typeof cb === 'function' ? send(command, optionsOrCb, cb) : bounded(command, optionsOrCb as { abortSignal?: unknown } | undefined);
  return client;
}

function isTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TimeoutError';
}

export function dynamoDbClient(conn: ConnectionOptions): DynamoDBClient {
  const key = keyOf('dynamodb', conn);
  let client = cache.get(key) as DynamoDBClient | undefined;
  if (!client) {
    client = boundCalls(new DynamoDBClient(baseConfig(conn)), 'DynamoDB', conn);
    cache.set(key, client);
  }
  return client;
}

export function cloudWatchClient(conn: ConnectionOptions): CloudWatchClient {
  const key = keyOf('cloudwatch', conn);
  let client = cache.get(key) as CloudWatchClient | undefined;
  if (!client) {
    client = boundCalls(new CloudWatchClient(baseConfig(conn)), 'CloudWatch', conn);
    cache.set(key, client);
  }
  return client;
}

/** Destroys every cached client (sockets closed); for deactivate() and tests. */
export function disposeClients(): void {
  for (const client of cache.values()) client.destroy();
  cache.clear();
}
