// Turns DynamoDB AttributeValues into plain JSON that never loses data and is never evaluated.
//
// Encoding (stable: the CLI's JSON output and the query panel rely on it):
// - S -> string; BOOL -> boolean; NULL -> null; L -> array; M -> object.
// - N -> a JSON number when the value survives the round trip through a double exactly (safe
//   integers, and decimals whose digits a double reproduces); otherwise the decimal string as is.
// - B -> { "$binary": "<base64>" }.
// - SS / NS / BS -> { "$set": "SS" | "NS" | "BS", "values": [...] } (NS values follow the N rule,
//   BS values are base64 strings).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Canonical (sign, digits, exponent) form of a decimal string, so "1.10" and "1.1" compare equal. */
function canonicalDecimal(text: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  let digits = intPart + frac;
  let exp = Number(m[4] ?? '0') - frac.length;
  const lead = digits.search(/[^0]/);
  if (lead < 0) return '0';
  digits = digits.slice(lead);
  const trail = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trail);
  exp += trail;
  return `${sign}${digits}e${exp}`;
}

/** A JSON number when the DynamoDB number string survives the double round trip, else the string. */
export function numberToJson(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return text;
  return canonicalDecimal(text) === canonicalDecimal(String(n)) ? n : text;
}

function setProp(out: JsonObject, key: string, value: JsonValue): void {
  // defineProperty, not assignment, so a "__proto__" attribute stays data instead of a prototype.
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

export function attributeToJson(v: AttributeValue): JsonValue {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return numberToJson(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.B !== undefined) return { $binary: Buffer.from(v.B).toString('base64') };
  if (v.L !== undefined) return v.L.map(attributeToJson);
  if (v.M !== undefined) return itemToJson(v.M);
  if (v.SS !== undefined) return { $set: 'SS', values: [...v.SS] };
  if (v.NS !== undefined) return { $set: 'NS', values: v.NS.map(numberToJson) };
  if (v.BS !== undefined) return { $set: 'BS', values: v.BS.map((b) => Buffer.from(b).toString('base64')) };
  return null;
}

export function itemToJson(item: Record<string, AttributeValue>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) setProp(out, k, attributeToJson(v));
  return out;
}

/**
 * DynamoDB's own typed JSON (`{"S": "x"}`, `{"N": "1"}`, binaries as base64), as `aws dynamodb
 * put-item --item` and the service's wire protocol take it: every type and digit survives as sent.
 */
export type DynamoDbJson = { [type: string]: JsonValue };

export function attributeToDynamoDbJson(v: AttributeValue): DynamoDbJson {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: true };
  if (v.B !== undefined) return { B: Buffer.from(v.B).toString('base64') };
  if (v.L !== undefined) return { L: v.L.map(attributeToDynamoDbJson) };
  if (v.M !== undefined) return { M: itemToDynamoDbJson(v.M) };
  if (v.SS !== undefined) return { SS: [...v.SS] };
  if (v.NS !== undefined) return { NS: [...v.NS] };
  if (v.BS !== undefined) return { BS: v.BS.map((b) => Buffer.from(b).toString('base64')) };
  return { NULL: true };
}

export function itemToDynamoDbJson(item: Record<string, AttributeValue>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) setProp(out, k, attributeToDynamoDbJson(v));
  return out;
}
