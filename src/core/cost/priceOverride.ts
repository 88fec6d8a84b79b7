// A price override (negotiated or other-currency rates) from what a person wrote: the CLI's
// `--prices` file and the editor's `dynamoGuard.cost.prices` setting take the same object and get
// the same one-sentence messages.
import type { SettingLayers } from '../metrics/metricsSettings';
import type { PriceOverride, PriceSheet } from './costModel';

export const PRICE_KEYS: readonly (keyof PriceSheet)[] = [
  'readPerMillion',
  'writePerMillion',
  'rcuHour',
  'wcuHour',
  'storageGbMonth',
  'pitrGbMonth',
];
const TOP_KEYS = ['currency', 'standard', 'standardIa'] as const;

export const COST_PRICES_SETTING = 'dynamoGuard.cost.prices';

/** Bad override input; the message is one sentence starting with where the input came from. */
export class PriceOverrideError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sheetFrom(value: unknown, where: string, source: string): Partial<PriceSheet> {
  if (!isObject(value)) throw new PriceOverrideError(`${source}: "${where}" must be an object of rates`);
  const out: Partial<PriceSheet> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!PRICE_KEYS.includes(k as keyof PriceSheet))
      throw new PriceOverrideError(`${source}: unknown rate "${where}.${k}" (known: ${PRICE_KEYS.join(', ')})`);
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
      throw new PriceOverrideError(`${source}: "${where}.${k}" must be a number of at least 0`);
    out[k as keyof PriceSheet] = v;
  }
  return out;
}

/**
 * `{ "currency"?: "EUR", "standard"?: {rates}, "standardIa"?: {rates} }` as a PriceOverride;
 * `source` names the input in messages (`--prices`, the setting's name).
 */
export function parsePriceOverride(value: unknown, source: string): PriceOverride {
  if (!isObject(value))
    throw new PriceOverrideError(
      `${source}: must be an object such as { "currency": "EUR", "standard": { "readPerMillion": 0.12 } }`,
    );
  for (const k of Object.keys(value))
    if (!(TOP_KEYS as readonly string[]).includes(k))
      throw new PriceOverrideError(`${source}: unknown key "${k}" (known: ${TOP_KEYS.join(', ')})`);
  const { currency, standard, standardIa } = value;
  if (currency !== undefined && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)))
    throw new PriceOverrideError(`${source}: "currency" must be a three-letter code such as EUR`);
  return {
    ...(typeof currency === 'string' ? { currency } : {}),
    ...(standard !== undefined ? { standard: sheetFrom(standard, 'standard', source) } : {}),
    ...(standardIa !== undefined ? { standardIa: sheetFrom(standardIa, 'standardIa', source) } : {}),
  };
}

export interface CostPricesSetting {
  /** Undefined: the public prices (no override set, or an empty one). */
  prices?: PriceOverride;
  /** Why the user's value was not used, in one sentence. */
  problem?: string;
}

/**
 * The editor's price override from `inspect('prices')` of `dynamoGuard.cost`: the user's value only.
 * Prices steer the advice, so a workspace's `.vscode/settings.json` (any cloned repository) never sets them.
 */
export function resolveCostPrices(layers: SettingLayers | undefined): CostPricesSetting {
  const raw = layers?.globalValue;
  if (raw === undefined || raw === null) return {};
  try {
    const prices = parsePriceOverride(raw, COST_PRICES_SETTING);
    return prices.currency || prices.standard || prices.standardIa ? { prices } : {};
  } catch (err) {
    return { problem: `${(err as Error).message}; public prices are used.` };
  }
}
