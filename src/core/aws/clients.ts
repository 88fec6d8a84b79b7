// One cached SDK client per (service, profile, region, endpoint), built on the SDK's default
// credential chain so SSO, credential_process, env vars and profile endpoint_url need no code of ours;
// every call it sends ends within a bound, with a sentence naming the service when it does not answer.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { isLocalEndpoint } from './endpoints';
import { AwsProblem, timeoutProblem, toAwsProblem, type TimeoutFacts } from './errors';

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
export const LOCAL_ONLY_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'dynamodblocal',
  secretAccessKey: 'dynamodblocal',
};

/**
 * Asks the user for the current code of an MFA device (`mfa_serial` of a profile that assumes a role),
 * resolving to the code, or rejects with an AwsProblem saying how to give one where asking is impossible.
 */
export type MfaCodeProvider = (mfaSerial: string, profile: string | undefined) => Promise<string>;

let mfaCodeProvider: MfaCodeProvider | undefined;
/** Prompts open now; a call's deadline does not run out while the user is typing a code. */
let openPrompts = 0;
let promptsClosed: Array<() => void> = [];

/**
 * Sets who asks for MFA codes (the CLI's terminal prompt, the editor's input box) for every client made
 * after this; undefined: profiles that need one fail with a sentence saying so.
 */
export function setMfaCodeProvider(provider: MfaCodeProvider | undefined): void {
  mfaCodeProvider = provider;
  chains.clear();
}

async function askMfaCode(provider: MfaCodeProvider, serial: string, profile: string | undefined): Promise<string> {
  openPrompts++;
  try {
    return await provider(serial, profile);
  } finally {
    if (--openPrompts === 0) {
      const waiting = promptsClosed;
      promptsClosed = [];
      for (const resolve of waiting) resolve();
    }
  }
}

/** Resolves once no MFA prompt is open (at once when none is). */
function whenNoPromptOpen(): Promise<void> {
  return openPrompts === 0 ? Promise.resolve() : new Promise((resolve) => promptsClosed.push(resolve));
}

/**
 * One credential chain per profile, shared by every client of that profile, so a role that needs an MFA
 * code asks once (STS accepts each code only once) and its temporary credentials serve every service.
 */
const chains = new Map<string, AwsCredentialIdentityProvider>();

function chainFor(profile: string | undefined): AwsCredentialIdentityProvider {
  const key = profile ?? '';
  let chain = chains.get(key);
  if (!chain) {
    const provider = mfaCodeProvider;
    chain = fromNodeProviderChain({
      ...(profile ? { profile } : {}),
      ...(provider ? { mfaCodeProvider: (serial: string) => askMfaCode(provider, serial, profile) } : {}),
    });
    chains.set(key, chain);
  }
  return chain;
}

function credentialsFor(conn: ConnectionOptions): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
  if (conn.credentials) return conn.credentials;
  const chain = chainFor(conn.profile);
  if (!isLocalEndpoint(conn.endpoint)) return chain;
  // DynamoDB Local ignores credentials but the SDK still signs; fall back to fixed local ones when the
  // chain finds none. A profile that has some but cannot get them (its role needs an MFA code, STS
  // refuses or does not answer) must say so rather than quietly sign as someone else.
  return async (identityProperties) => {
    try {
      return await chain(identityProperties);
    } catch (err) {
      if (!foundNoCredentials(err)) throw err;
      return LOCAL_ONLY_CREDENTIALS;
    }
  };
}

function foundNoCredentials(err: unknown): boolean {
  return err instanceof Error && err.name === 'CredentialsProviderError' && toAwsProblem(err).code !== 'mfa-required';
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
  return [
    service,
    conn.profile ?? '',
    conn.region ?? '',
    conn.endpoint ?? '',
    conn.maxAttempts ?? '',
    conn.requestTimeoutMs ?? '',
    conn.timeoutHint ?? '',
    credentialsKey(conn),
  ].join('\u0000');
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
function boundCalls<C extends DynamoDBClient | CloudWatchClient>(
  client: C,
  service: TimeoutFacts['service'],
  conn: ConnectionOptions,
): C {
  const send = client.send.bind(client) as unknown as (
    command: unknown,
    optionsOrCb?: unknown,
    cb?: unknown,
  ) => Promise<unknown>;
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
    let settled = false;
    const expired = new Promise<never>((_, reject) => {
      const arm = () => {
        if (settled) return;
        timer = setTimeout(
          () => {
            // Time spent typing an MFA code is the user's, not the endpoint's: the bound starts again after it.
            if (openPrompts > 0) return void whenNoPromptOpen().then(arm);
            reject(timeoutProblem(facts));
            deadline.abort();
          },
          callTimeoutMs(conn, facts.attempts),
        );
      };
      arm();
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
      settled = true;
      clearTimeout(timer);
    }
  };
  (client as unknown as { send: unknown }).send = (command: unknown, optionsOrCb?: unknown, cb?: unknown) =>
    typeof optionsOrCb === 'function' || typeof cb === 'function'
      ? send(command, optionsOrCb, cb)
      : bounded(command, optionsOrCb as { abortSignal?: unknown } | undefined);
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
  chains.clear();
}
