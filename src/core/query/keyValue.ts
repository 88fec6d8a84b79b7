// Typed key input: a raw string from a flag or input box becomes the AttributeValue the key schema
// demands, or a QueryInputError that names the attribute and its type, before any AWS call.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { KeyAttribute } from '../schema/keySchema';

/** A mistake in what the user asked for, caught before any request is sent. */
export class QueryInputError extends Error {
  override readonly name = 'QueryInputError';
}

/** DynamoDB numbers: up to 38 significant digits, magnitude 1e-130 .. 9.99e125. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function typeName(t: 'S' | 'N' | 'B'): string {
  return t === 'S' ? 'string (S)' : t === 'N' ? 'number (N)' : 'binary (B)';
}

export function isDynamoDbNumber(raw: string): boolean {
  const text = raw.trim();
  if (!NUMBER.test(text)) return false;
  const [mantissa = '', expPart] = text.replace(/^[+-]/, '').toLowerCase().split('e');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  if (digits === '' || /^0*$/.test(digits)) return true;
  const significant = digits.replace(/0+$/, '');
  if (significant.length > 38) return false;
  const intDigits = mantissa.includes('.') ? (mantissa.split('.')[0] ?? '').replace(/^0+/, '').length : mantissa.replace(/^0+/, '').length;
  const leadingFracZeros = intDigits > 0 ? 0 : ((mantissa.split('.')[1] ?? '').match(/^0*/)?.[0].length ?? 0);
  const magnitude = (intDigits > 0 ? intDigits - 1 : -(leadingFracZeros + 1)) + Number(expPart ?? '0');
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
      if (raw === '') throw new QueryInputError(`Key attribute ${attr.name} is a ${typeName(type)} and cannot be empty.`);
      return { S: raw };
    case 'N':
      if (!isDynamoDbNumber(raw)) throw new QueryInputError(`Key attribute ${attr.name} is a ${typeName(type)}, but "${raw}" is not a valid DynamoDB number.`);
      return { N: raw.trim() };
    case 'B': {
      const text = raw.trim();
      if (text === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
        throw new QueryInputError(`Key attribute ${attr.name} is a ${typeName(type)}: give its value as base64, "${raw}" is not.`);
      }
      return { B: base64Bytes(text) };
    }
  }
}
