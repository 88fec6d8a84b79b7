// Typed key input: a raw string from a flag or input box becomes the AttributeValue the key schema
// demands, or a QueryInputError that names the attribute and its type, before any AWS call.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { KeyAttribute } from '../schema/keySchema';

// A brand in the global symbol registry: the lazily loaded AWS bundle carries its own copy of the
// class, so `instanceof` fails across bundles, while every copy sets the same brand.
const QUERY_INPUT_ERROR = Symbol.for('dynamo-guard.QueryInputError');

/** A mistake in what the user asked for, caught before any request is sent. */
export class QueryInputError extends Error {
  override readonly name = 'QueryInputError';
  readonly [QUERY_INPUT_ERROR] = true;
}

/** Whether `err` is a QueryInputError from any bundle's copy of the class. */
export function isQueryInputError(err: unknown): err is QueryInputError {
  return err instanceof Error && (err as unknown as Record<symbol, unknown>)[QUERY_INPUT_ERROR] === true;
}

function typeName(t: 'S' | 'N' | 'B'): string {
  return t === 'S' ? 'string (S)' : t === 'N' ? 'number (N)' : 'binary (B)';
}

/** The parts of `[+-]digits[.digits][e[+-]digits]` (or `.digits`), or undefined for any other text. */
interface NumberParts {
  intDigits: string;
  fracDigits: string;
  exponent: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Scanned by hand in one pass: a backtracking pattern here takes quadratic time on a long run of digits. */
function numberParts(text: string): NumberParts | undefined {
  let i = 0;
  if (text[i] === '+' || text[i] === '-') i++;
  const intStart = i;
  while (isDigit(text[i])) i++;
  const intDigits = text.slice(intStart, i);
  let fracDigits = '';
  if (text[i] === '.') {
    const fracStart = ++i;
    while (isDigit(text[i])) i++;
    fracDigits = text.slice(fracStart, i);
  }
  if (intDigits === '' && fracDigits === '') return undefined;
  let exponent = 0;
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    const expStart = i;
    if (text[i] === '+' || text[i] === '-') i++;
    const digitsStart = i;
    while (isDigit(text[i])) i++;
    if (i === digitsStart) return undefined;
    exponent = Number(text.slice(expStart, i));
  }
  return i === text.length ? { intDigits, fracDigits, exponent } : undefined;
}

function leadingZeros(digits: string): number {
  let n = 0;
  while (digits[n] === '0') n++;
  return n;
}

/** Text that has the shape of a number, whether or not DynamoDB can store it. */
export function looksNumeric(raw: string): boolean {
  return numberParts(raw.trim()) !== undefined;
}

/** DynamoDB numbers: up to 38 significant digits, magnitude 1e-130 .. 9.99e125. */
export function isDynamoDbNumber(raw: string): boolean {
  const parts = numberParts(raw.trim());
  if (!parts) return false;
  const all = parts.intDigits + parts.fracDigits;
  const first = leadingZeros(all);
  if (first === all.length) return true;
  let last = all.length;
  while (all[last - 1] === '0') last--;
  if (last - first > 38) return false;
  const intDigits = parts.intDigits.length - leadingZeros(parts.intDigits);
  const magnitude = (intDigits > 0 ? intDigits - 1 : -(leadingZeros(parts.fracDigits) + 1)) + parts.exponent;
  return magnitude <= 125 && magnitude >= -130;
}

/** Base64 to bytes in Node and in the query panel's browser code (which has no Buffer). */
function base64Bytes(text: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return Buffer.from(text, 'base64');
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function parseKeyValue(raw: string, attr: KeyAttribute): AttributeValue {
  const type = attr.type ?? 'S';
  switch (type) {
    case 'S':
      if (raw === '')
        throw new QueryInputError(`Key attribute ${attr.name} is a ${typeName(type)} and cannot be empty.`);
      return { S: raw };
    case 'N':
      if (!isDynamoDbNumber(raw))
        throw new QueryInputError(
          `Key attribute ${attr.name} is a ${typeName(type)}, but "${raw}" is not a valid DynamoDB number.`,
        );
      return { N: raw.trim() };
    case 'B': {
      const text = raw.trim();
      if (text === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
        throw new QueryInputError(
          `Key attribute ${attr.name} is a ${typeName(type)}: give its value as base64, "${raw}" is not.`,
        );
      }
      return { B: base64Bytes(text) };
    }
  }
}
