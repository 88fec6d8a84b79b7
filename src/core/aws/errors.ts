// Maps whatever the AWS SDK throws (service exceptions, credential-provider failures, socket errors)
// to one typed AwsProblem whose message is a single sentence with the next step, naming the service
// that failed and where.
import { isLocalEndpoint } from './endpoints';

export type AwsProblemCode =
  | 'expired-sso'
  | 'no-credentials'
  | 'mfa-required'
  | 'access-denied'
  | 'unknown-region'
  | 'endpoint-down'
  | 'timeout'
  | 'not-found'
  | 'throttled'
  | 'validation'
  | 'service-error'
  | 'aborted'
  | 'other';

/** A failure the user can act on; `cause` keeps the SDK error for the log. */
export class AwsProblem extends Error {
  override readonly name = 'AwsProblem';
  readonly code: AwsProblemCode;
  /** The IAM action that was denied (`dynamodb:Query`), when the service named it. */
  readonly action?: string;
  /** Throttling reasons (`TableReadProvisionedThroughputExceeded`), when the service sent them. */
  readonly throttlingReasons?: string[];

  constructor(
    code: AwsProblemCode,
    message: string,
    options: { cause?: unknown; action?: string; throttlingReasons?: string[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    if (options.action) this.action = options.action;
    if (options.throttlingReasons) this.throttlingReasons = options.throttlingReasons;
  }
}

/** The services whose failures are mapped here; the sentences name the one that failed. */
export type AwsService = 'DynamoDB' | 'CloudWatch';

/** What the caller was doing, so the sentence can name the service, profile, region, endpoint or table. */
export interface ProblemContext {
  /** The service the failed call went to (default DynamoDB); `endpoint` is that service's endpoint. */
  service?: AwsService;
  profile?: string;
  region?: string;
  endpoint?: string;
  table?: string;
  index?: string;
}

/** What a timed-out call was and how long it was allowed: the facts its sentence names. */
export interface TimeoutFacts {
  service: AwsService;
  endpoint?: string;
  region?: string;
  /** Bound on one attempt (connect and answer). */
  attemptMs: number;
  attempts: number;
  /** How the user raises the bound (`--timeout <seconds>`, a setting); absent: not named. */
  hint?: string;
}

function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The sentence for a call that got no answer in time: which service, where, the bound, and how to raise it. */
export function timeoutProblem(facts: TimeoutFacts, cause?: unknown): AwsProblem {
  const place = facts.endpoint ? ` at ${facts.endpoint}` : facts.region ? ` in ${facts.region}` : '';
  const bound = `${durationText(facts.attemptMs)}${facts.attempts > 1 ? ` per attempt, ${facts.attempts} attempts` : ''}`;
  const raise = facts.hint ? `, or allow longer with ${facts.hint}` : ' and retry';
  return new AwsProblem(
    'timeout',
    `${facts.service}${place} timed out (no answer within ${bound}): check the endpoint and your network${raise}.`,
    { cause },
  );
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
  ThrottlingReasons?: unknown;
  throttlingReasons?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: unknown;
  __type?: unknown;
  errors?: unknown;
  cause?: unknown;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function profileText(ctx: ProblemContext): string {
  return ctx.profile ?? 'default';
}

function loginHint(ctx: ProblemContext): string {
  return ctx.profile ? `aws sso login --profile ${ctx.profile}` : 'aws sso login';
}

/** True when a problem sentence of ours names the sign-in command: the view then offers "Sign In". */
export function mentionsSignIn(sentence: string): boolean {
  return /`aws sso login( --profile [^`]+)?`/.test(sentence);
}

/** Socket errors sometimes arrive wrapped in an AggregateError (happy-eyeballs connects). */
function socketCode(e: ErrorShape): string {
  const code = str(e.code);
  if (code) return code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors as ErrorShape[]) {
      const c = str(inner?.code);
      if (c) return c;
    }
  }
  return '';
}

function reasonsOf(e: ErrorShape): string[] | undefined {
  const raw = Array.isArray(e.ThrottlingReasons)
    ? e.ThrottlingReasons
    : Array.isArray(e.throttlingReasons)
      ? e.throttlingReasons
      : undefined;
  if (!raw) return undefined;
  const reasons = raw.map((r: { reason?: unknown }) => str(r?.reason)).filter(Boolean);
  return reasons.length > 0 ? reasons : undefined;
}

const DENIED_ACTION = /is not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/;
const AWS_HOST = /(?:^|\.)([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const MFA_MISSING = /requires multi-factor authentication/i;
const MFA_REFUSED = /MultiFactorAuthentication failed/i;

function serviceOf(ctx: ProblemContext): AwsService {
  return ctx.service ?? 'DynamoDB';
}

function target(ctx: ProblemContext): string {
  if (ctx.table && ctx.index) return `index ${ctx.index} of table ${ctx.table}`;
  if (ctx.table) return `table ${ctx.table}`;
  return 'the resource';
}

function where(ctx: ProblemContext): string {
  if (ctx.endpoint) return ` at ${ctx.endpoint}`;
  return ctx.region ? ` in ${ctx.region}` : '';
}

/** The sentence for a profile whose role needs an MFA code that was not given; `how` says how to give one here. */
export function mfaCodeNeeded(profile: string | undefined, how: string, serial?: string): AwsProblem {
  const device = serial ? ` from ${serial}` : '';
  return new AwsProblem(
    'mfa-required',
    `Profile ${profile ?? 'default'} assumes a role that needs an MFA code${device}: ${how}.`,
  );
}

/** The port an http(s) URL connects to, or undefined when it is not one. */
function portOf(endpoint: string): number | undefined {
  try {
    const url = new URL(endpoint);
    if (url.port) return Number(url.port);
    return url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
  } catch {
    return undefined;
  }
}

/** A refused or reset connection: to the service's endpoint, or to another one (STS, SSO) the credentials of the profile need. */
function endpointDown(e: ErrorShape, ctx: ProblemContext, err: unknown): AwsProblem {
  const service = serviceOf(ctx);
  const address = str(e.address) ? `${str(e.address)}${e.port !== undefined ? `:${String(e.port)}` : ''}` : '';
  const elsewhere =
    ctx.endpoint !== undefined && address !== '' && typeof e.port === 'number' && e.port !== portOf(ctx.endpoint);
  if (ctx.endpoint && !elsewhere) {
    const local = service === 'DynamoDB' && isLocalEndpoint(ctx.endpoint) ? ' (is DynamoDB Local running?)' : '';
    return new AwsProblem(
      'endpoint-down',
      `${service} at ${ctx.endpoint} does not answer${local}: start it or fix the endpoint URL.`,
      { cause: err },
    );
  }
  const what = address || 'the endpoint';
  if (elsewhere) {
    return new AwsProblem(
      'endpoint-down',
      `Nothing answers at ${what}, which is not ${service} at ${ctx.endpoint} but an endpoint the credentials of profile ${profileText(ctx)} come from (STS or SSO): start it or fix that endpoint in your AWS config.`,
      { cause: err },
    );
  }
  return new AwsProblem(
    'endpoint-down',
    `Nothing answers at ${what} (calling ${service}${where(ctx)}): check your network and any endpoint settings in your AWS config.`,
    { cause: err },
  );
}

/**
 * An AwsProblem made by another copy of this module: the CLI bundle's MFA prompt throws one through
 * the SDK, which the AWS bundle maps.
 */
function isAwsProblem(err: unknown): err is AwsProblem {
  return err instanceof Error && err.name === 'AwsProblem' && typeof (err as { code?: unknown }).code === 'string';
}

/** Turns any thrown value into an AwsProblem; an AwsProblem passes through unchanged. */
export function toAwsProblem(err: unknown, ctx: ProblemContext = {}): AwsProblem {
  if (err instanceof AwsProblem || isAwsProblem(err)) return err;
  const e: ErrorShape = typeof err === 'object' && err !== null ? err : { message: String(err) };
  const name = str(e.name);
  const message = str(e.message);
  const code = socketCode(e);
  const service = serviceOf(ctx);

  if (name === 'AbortError' || code === 'ABORT_ERR')
    return new AwsProblem('aborted', 'The request was cancelled.', { cause: err });

  if (
    name === 'SSOTokenProviderFailure' ||
    name === 'TokenRefreshRequired' ||
    /SSO session associated with this profile (has expired|is invalid)|SSO session token associated with profile=.* (was not found|is invalid)|Token is expired\. To refresh this SSO session/i.test(
      message,
    ) ||
    (name === 'UnauthorizedException' && /session token not found or invalid/i.test(message))
  ) {
    return new AwsProblem(
      'expired-sso',
      `Your SSO session for profile ${profileText(ctx)} has expired: run \`${loginHint(ctx)}\`.`,
      { cause: err },
    );
  }
  if (MFA_MISSING.test(message)) {
    // The SDK's own sentence, when no one was there to ask for the code.
    const problem = mfaCodeNeeded(
      ctx.profile,
      'give it to the CLI with --mfa-code <code>; the editor asks for it when it needs it',
    );
    return new AwsProblem('mfa-required', problem.message, { cause: err });
  }
  if (MFA_REFUSED.test(message)) {
    return new AwsProblem(
      'mfa-required',
      `STS refused the MFA code for profile ${profileText(ctx)}: enter the current code of its MFA device (each code works once) and retry.`,
      { cause: err },
    );
  }
  if (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    /Could not load credentials/i.test(message)
  ) {
    if (/profile .*could not be found|Profile .* not found/i.test(message) && ctx.profile) {
      return new AwsProblem(
        'no-credentials',
        `Profile ${ctx.profile} is not in your AWS config files: add it with \`aws configure --profile ${ctx.profile}\` or pick another profile.`,
        { cause: err },
      );
    }
    return new AwsProblem(
      'no-credentials',
      `No AWS credentials found for profile ${profileText(ctx)}: run \`aws configure${ctx.profile ? ` --profile ${ctx.profile}` : ''}\` or \`${loginHint(ctx)}\`, or set AWS_PROFILE.`,
      { cause: err },
    );
  }
  if (
    name === 'ExpiredTokenException' ||
    name === 'ExpiredToken' ||
    /security token included in the request is expired/i.test(message)
  ) {
    return new AwsProblem(
      'expired-sso',
      `The credentials of profile ${profileText(ctx)} have expired: refresh them (\`${loginHint(ctx)}\` for SSO) and retry.`,
      { cause: err },
    );
  }
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidSignatureException' ||
    /security token included in the request is invalid/i.test(message)
  ) {
    return new AwsProblem(
      'no-credentials',
      `AWS rejected the credentials of profile ${profileText(ctx)} as invalid: check the access key or sign in again with \`${loginHint(ctx)}\`.`,
      { cause: err },
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /is not authorized to perform/.test(message)) {
    const action = DENIED_ACTION.exec(message)?.[1];
    // sts:AssumeRole is denied while resolving the credentials, before any call to the service itself.
    const what = action?.startsWith('sts:')
      ? `${action} (to assume the role of the profile)`
      : action
        ? `${action} on ${target(ctx)}`
        : `this request on ${target(ctx)}`;
    return new AwsProblem(
      'access-denied',
      `Access denied: profile ${profileText(ctx)} may not perform ${what}; ask for that permission or use another profile.`,
      { cause: err, ...(action ? { action } : {}) },
    );
  }
  if (/Region is missing/i.test(message)) {
    return new AwsProblem(
      'unknown-region',
      `No AWS region is set: pass --region, set AWS_REGION, or add a region to profile ${profileText(ctx)}.`,
      { cause: err },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = str(e.hostname) || (/getaddrinfo \w+ (\S+)/.exec(message)?.[1] ?? '');
    const region = AWS_HOST.exec(host)?.[1];
    if (region && !ctx.endpoint) {
      return new AwsProblem(
        'unknown-region',
        `Region ${region} is unknown or unreachable (no DNS for ${host}): check the region name.`,
        { cause: err },
      );
    }
    return new AwsProblem(
      'endpoint-down',
      `Cannot resolve ${host || ctx.endpoint || 'the endpoint'} (calling ${service}): check the endpoint URL and your network.`,
      { cause: err },
    );
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'EPIPE'
  ) {
    return endpointDown(e, ctx, err);
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timed out/i.test(message)) {
    return new AwsProblem(
      'timeout',
      `${service}${where(ctx)} timed out: check your network or the endpoint and retry.`,
      { cause: err },
    );
  }
  if (name === 'ResourceNotFoundException' || name === 'TableNotFoundException' || name === 'IndexNotFoundException') {
    const region = ctx.region ? ` in ${ctx.region}` : '';
    const at = ctx.endpoint ? ` at ${ctx.endpoint}` : '';
    const sentence =
      service !== 'DynamoDB'
        ? `${service}${at} did not find the resource${region}: check the name, region and account.`
        : ctx.table
          ? `Table ${ctx.table} was not found${region}${at}: check the name, region and account.`
          : `The resource was not found${region}: check the name, region and account.`;
    return new AwsProblem('not-found', sentence, { cause: err });
  }
  if (
    name === 'ProvisionedThroughputExceededException' ||
    name === 'ThrottlingException' ||
    name === 'Throttling' ||
    name === 'RequestLimitExceeded' ||
    name === 'LimitExceededException' ||
    name === 'TooManyRequestsException' ||
    e.$metadata?.httpStatusCode === 429
  ) {
    const reasons = reasonsOf(e);
    const why = reasons ? ` (${reasons.join(', ')})` : '';
    const sentence =
      service === 'DynamoDB'
        ? `DynamoDB throttled the request on ${target(ctx)}${why}: retry later, lower the rate, or raise its capacity.`
        : `${service}${where(ctx)} throttled the request${why}: retry later or lower the rate.`;
    return new AwsProblem('throttled', sentence, { cause: err, ...(reasons ? { throttlingReasons: reasons } : {}) });
  }
  if (name === 'ValidationException') {
    // The service message names the bad field; it never carries credentials.
    const detail = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
    return new AwsProblem('validation', `${service} rejected the request: ${detail}.`, { cause: err });
  }
  const status = e.$metadata?.httpStatusCode;
  if (
    (status !== undefined && status >= 500) ||
    e.$fault === 'server' ||
    name === 'InternalFailure' ||
    name === 'InternalServerError'
  ) {
    // The service's own text for these is generic ("an unknown error, exception or failure"): the log and --debug keep it.
    const what = [name, status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
    return new AwsProblem(
      'service-error',
      `${service}${where(ctx)} failed to process the request${what ? ` (${what})` : ''}: retry later, and if it keeps failing see the log (or --debug) for the service's own message.`,
      { cause: err },
    );
  }
  const detail = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '') || name || 'no message';
  return new AwsProblem(
    'other',
    `${ctx.service ? `${ctx.service} request` : 'AWS request'} failed: ${detail}. See the log (or --debug) for details.`,
    { cause: err },
  );
}

/**
 * What the log and `--debug` show of a failure: each error of the cause chain with its name, message
 * and, for a service error, the HTTP status, error type, request id and attempts the SDK recorded.
 */
export function errorDetail(err: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && current !== null && !seen.has(current) && lines.length < 8) {
    seen.add(current);
    if (typeof current !== 'object') {
      lines.push(String(current));
      break;
    }
    const e = current as ErrorShape;
    const facts = [
      e.$metadata?.httpStatusCode !== undefined ? `HTTP ${e.$metadata.httpStatusCode}` : '',
      str(e.__type) ? `type ${str(e.__type)}` : '',
      str(e.$fault) ? `fault ${str(e.$fault)}` : '',
      e.$metadata?.requestId ? `request id ${e.$metadata.requestId}` : '',
      e.$metadata?.attempts !== undefined
        ? `${e.$metadata.attempts} attempt${e.$metadata.attempts === 1 ? '' : 's'}`
        : '',
      // An AwsProblem's `code` is ours (`timeout`), not a socket's.
      str(e.name) !== 'AwsProblem' && socketCode(e) ? `code ${socketCode(e)}` : '',
    ].filter(Boolean);
    lines.push(
      `${lines.length > 0 ? 'caused by ' : ''}${str(e.name) || 'Error'}: ${str(e.message)}${facts.length ? ` [${facts.join(', ')}]` : ''}`,
    );
    current = e.cause;
  }
  return lines;
}
