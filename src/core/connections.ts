// Connection settings (name, profile, regions, endpoint): the default connection, the DynamoDB
// Local preset, validation with clear messages, and the ConnectionOptions the client factory takes.
import type { ConnectionOptions } from './aws/clients';
import { isLocalEndpoint } from './aws/endpoints';

export interface ConnectionSettings {
  name: string;
  /** Shared-config profile; absent means the SDK default (AWS_PROFILE or `default`). */
  profile?: string;
  /** Regions to browse; empty means the profile's (or environment's) region. */
  regions: string[];
  endpoint?: string;
  /** CloudWatch endpoint override (a stand-in, LocalStack); absent lets the SDK apply AWS_ENDPOINT_URL_CLOUDWATCH. */
  cloudWatchEndpoint?: string;
}

export const DYNAMODB_LOCAL: ConnectionSettings = {
  name: 'DynamoDB Local',
  regions: ['us-east-1'],
  endpoint: 'http://localhost:8000',
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Every problem with one connection, each a sentence naming the field; empty when valid. */
export function validateConnection(c: ConnectionSettings): string[] {
  const problems: string[] = [];
  const label = c.name.trim() ? `Connection "${c.name}"` : 'A connection';
  if (!c.name.trim()) problems.push('A connection needs a name.');
  if (c.profile !== undefined && !/^[\w.@+-]+$/.test(c.profile))
    problems.push(`${label}: profile "${c.profile}" may only hold letters, digits and . _ - @ +.`);
  for (const r of c.regions)
    if (!REGION.test(r)) problems.push(`${label}: "${r}" is not a region name like us-east-1.`);
  if (c.endpoint !== undefined && !isHttpUrl(c.endpoint))
    problems.push(`${label}: endpoint "${c.endpoint}" must be an http(s) URL such as http://localhost:8000.`);
  if (c.cloudWatchEndpoint !== undefined && !isHttpUrl(c.cloudWatchEndpoint))
    problems.push(
      `${label}: cloudWatchEndpoint "${c.cloudWatchEndpoint}" must be an http(s) URL such as http://localhost:4566.`,
    );
  return problems;
}

/** Whether a text is an http(s) URL (endpoint overrides). */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Where a connection's CloudWatch metrics come from: its own `cloudWatchEndpoint`, else the SDK's
 * chain (AWS_ENDPOINT_URL_CLOUDWATCH, profile endpoint_url, the region's endpoint). A DynamoDB Local
 * connection has no CloudWatch unless one of those points somewhere: that is said, not attempted.
 */
export function cloudWatchConnection(
  c: Pick<ConnectionSettings, 'profile' | 'endpoint' | 'cloudWatchEndpoint'>,
  region: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { options: ConnectionOptions } | { unavailable: string } {
  const base: ConnectionOptions = { ...(c.profile ? { profile: c.profile } : {}), ...(region ? { region } : {}) };
  if (c.cloudWatchEndpoint) return { options: { ...base, endpoint: c.cloudWatchEndpoint } };
  if (c.endpoint && isLocalEndpoint(c.endpoint) && !env.AWS_ENDPOINT_URL_CLOUDWATCH && !env.AWS_ENDPOINT_URL) {
    return {
      unavailable:
        'DynamoDB Local publishes no CloudWatch metrics; set "cloudWatchEndpoint" on this connection to read them from another endpoint.',
    };
  }
  return { options: base };
}

/**
 * The default connection: the default profile (AWS_PROFILE or `default`) and its region, read the
 * way the SDK reads it (AWS_REGION, then the profile's `region` in the shared config files).
 * `env` only decides the profile and an explicit region; the SDK itself reads process.env.
 */
export async function defaultConnection(env: NodeJS.ProcessEnv = process.env): Promise<ConnectionSettings> {
  const profile = env.AWS_PROFILE || undefined;
  // The SDK's own region chain reads the shared config, so we resolve exactly what a client would.
  const region = await profileRegion(profile, env);
  return {
    name: profile ? `Profile ${profile}` : 'Default profile',
    ...(profile ? { profile } : {}),
    regions: region ? [region] : [],
  };
}

/** The region a profile resolves to through the SDK's own chain (env, then the shared config); undefined when none is set. */
export async function profileRegion(
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const { dynamoDbClient } = await import('./aws/clients');
  return (
    (await dynamoDbClient(profile ? { profile } : {})
      .config.region()
      .catch(() => undefined)) || undefined
  );
}

export function toConnectionOptions(c: ConnectionSettings, region: string | undefined): ConnectionOptions {
  return {
    ...(c.profile ? { profile: c.profile } : {}),
    ...(region ? { region } : {}),
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
  };
}
