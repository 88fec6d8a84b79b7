// Seeded, deterministic mutations of source files as bytes, for fuzzing the analyzer: truncations,
// byte flips, splices, deep nesting, long lines and re-encodings. The fuzz test and bench/fuzz.ts share them,
// drawing from test/harness/seededRandom.ts.

export interface Mutant {
  bytes: Buffer;
  /** What was done, in order, as `kind: detail` (`nest: "(" x3000@120`). */
  ops: string[];
}

export interface MutationOptions {
  /** Largest nesting depth or long-line length a mutation creates (the unit test keeps them small). */
  scale?: number;
  /** Other seeds' bytes, for splices across files. */
  donors?: readonly Buffer[];
}

const FRAGMENTS = [
  '`',
  '${',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  'new ',
  '.scan(',
  'ScanCommand',
  'TableName: ',
  'KeyConditionExpression: ',
  "'#pk = :v'",
  'process.env.',
  '\u0000',
  '\ufffd',
  '\ufeff',
  '<div>',
  '</',
  '=>',
  ';',
  '...',
  'as const',
  '#',
  '@',
  '?.',
  '??=',
  '<T,>',
  'import(',
  'export * from ',
  'require(',
  'await ',
  'yield*',
  '// dynamo-guard-ignore-next-line scan -- r\n',
  'enum E {',
  'declare module "x" {',
  'class C extends (',
  'function* ',
  '/[/',
  '0x',
  '1e',
  '\\u{',
  '\\',
  '\u202e',
  '\ud800',
  '\udc00',
  '\u{1f600}',
];

const NESTINGS: ReadonlyArray<readonly [string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['`${', '}`'],
  ['f(', ')'],
  ['new C(', ')'],
  ['!', ''],
  ['-', ''],
  ['a ? ', ' : b'],
  ['<div>', '</div>'],
  ['() => ', ''],
  ['{ a: ', ' }'],
  ['if (x) { ', ' }'],
  ['await ', ''],
  ['a.b.', 'c'],
  ['x + ', ''],
  ['"" + (', ')'],
  ['/*', '*/'],
];

type Mutation = (
  bytes: Buffer,
  next: () => number,
  options: Required<MutationOptions>,
) => { bytes: Buffer; op: string };

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)] as T;
const at = (bytes: Buffer, next: () => number): number => Math.floor(next() * (bytes.length + 1));
const size = (next: () => number, scale: number): number => Math.max(1, Math.floor(scale ** next()));
const insert = (bytes: Buffer, offset: number, piece: Buffer): Buffer =>
  Buffer.concat([bytes.subarray(0, offset), piece, bytes.subarray(offset)]);

const MUTATIONS: ReadonlyArray<readonly [string, number, Mutation]> = [
  [
    'truncate',
    3,
    (b, next) => {
      const i = at(b, next);
      return { bytes: b.subarray(0, i), op: `truncate@${i}` };
    },
  ],
  [
    'flip',
    3,
    (b, next) => {
      const out = Buffer.from(b);
      const flips = 1 + Math.floor(next() * 8);
      for (let k = 0; k < flips && out.length > 0; k++) {
        const i = Math.floor(next() * out.length);
        out[i] = (out[i] as number) ^ (1 + Math.floor(next() * 255));
      }
      return { bytes: out, op: `flip x${flips}` };
    },
  ],
  [
    'fragment',
    4,
    (b, next) => {
      const i = at(b, next);
      const piece = pick(FRAGMENTS, next);
      return { bytes: insert(b, i, Buffer.from(piece)), op: `insert ${JSON.stringify(piece)}@${i}` };
    },
  ],
  [
    'delete',
    2,
    (b, next) => {
      const i = at(b, next);
      const n = size(next, 400);
      return { bytes: Buffer.concat([b.subarray(0, i), b.subarray(i + n)]), op: `delete ${n}@${i}` };
    },
  ],
  [
    'duplicate',
    2,
    (b, next) => {
      const i = at(b, next);
      const n = size(next, 2000);
      return { bytes: insert(b, i, b.subarray(i, i + n)), op: `duplicate ${n}@${i}` };
    },
  ],
  [
    'rotate',
    1,
    (b, next) => {
      const i = at(b, next);
      return { bytes: Buffer.concat([b.subarray(i), b.subarray(0, i)]), op: `rotate@${i}` };
    },
  ],
  [
    'splice',
    2,
    (b, next, o) => {
      if (o.donors.length === 0) return { bytes: b, op: 'splice (no donor)' };
      const donor = pick(o.donors, next);
      const from = at(donor, next);
      const n = size(next, 4000);
      const i = at(b, next);
      return { bytes: insert(b, i, donor.subarray(from, from + n)), op: `splice ${n}@${i}` };
    },
  ],
  [
    'nest',
    3,
    (b, next, o) => {
      const [open, close] = pick(NESTINGS, next);
      const depth = size(next, o.scale);
      const balanced = next() < 0.8;
      const i = at(b, next);
      const piece = `${open.repeat(depth)}x${balanced ? close.repeat(depth) : ''}`;
      // Across lines as often as not: a one-line nest would also be taken for minified code.
      const text = next() < 0.5 ? piece : piece.replace(/([({[])/g, '$1\n');
      return {
        bytes: insert(b, i, Buffer.from(text)),
        op: `nest ${JSON.stringify(open)} x${depth}${balanced ? '' : ' unbalanced'}@${i}`,
      };
    },
  ],
  [
    'long-line',
    3,
    (b, next, o) => {
      const kind = Math.floor(next() * 4);
      if (kind === 0)
        return { bytes: Buffer.from(b.toString('latin1').replace(/\r?\n/g, ' '), 'latin1'), op: 'join lines' };
      const n = size(next, o.scale * 20);
      const i = at(b, next);
      const piece =
        kind === 1
          ? `const s = '${'A'.repeat(n)}';`
          : kind === 2
            ? `const e = ${'a + '.repeat(Math.ceil(n / 4))}a;`
            : `const o = {${'k: 1, '.repeat(Math.ceil(n / 6))}};`;
      return {
        bytes: insert(b, i, Buffer.from(`\n${piece}\n`)),
        op: `long line ${['', 'string', 'a+a', 'object'][kind]} ${piece.length}@${i}`,
      };
    },
  ],
  [
    'encoding',
    4,
    (b, next) => {
      const text = b.toString('utf8');
      switch (Math.floor(next() * 9)) {
        case 0:
          return {
            bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
            op: 'utf-16le with BOM',
          };
        case 1:
          return { bytes: Buffer.from(text, 'utf16le'), op: 'utf-16le without BOM' };
        case 2:
          return {
            bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
            op: 'utf-16be with BOM',
          };
        case 3:
          return { bytes: Buffer.from(`// caf\u00e9 \u00fc\n${text}`, 'latin1'), op: 'latin-1' };
        case 4:
          return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]), op: 'utf-8 BOM' };
        case 5: {
          const i = at(b, next);
          return {
            bytes: insert(b, i, Buffer.from([0x80 + Math.floor(next() * 0x7f), 0xc0, 0xff])),
            op: `invalid utf-8@${i}`,
          };
        }
        case 6:
          return { bytes: Buffer.from(text.replace(/\n/g, '\r\n')), op: 'crlf' };
        case 7:
          return { bytes: Buffer.from(text.replace(/\n/g, '\r')), op: 'cr' };
        default: {
          const i = at(b, next);
          return { bytes: insert(b, i, Buffer.from([0xfe, 0xff, 0x00, 0x41])), op: `BOM bytes and NUL@${i}` };
        }
      }
    },
  ],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((sum, [, weight]) => sum + weight, 0);

/** One to three mutations of `seed`, chosen by `next`. */
export function mutate(seed: Buffer, next: () => number, options: MutationOptions = {}): Mutant {
  const o: Required<MutationOptions> = { scale: options.scale ?? 20_000, donors: options.donors ?? [] };
  let bytes = seed;
  const ops: string[] = [];
  const steps = 1 + Math.floor(next() * 3);
  for (let s = 0; s < steps; s++) {
    let r = next() * TOTAL_WEIGHT;
    let chosen = MUTATIONS[0] as (typeof MUTATIONS)[number];
    for (const m of MUTATIONS) {
      r -= m[1];
      if (r < 0) {
        chosen = m;
        break;
      }
    }
    const result = chosen[2](bytes, next, o);
    bytes = result.bytes;
    ops.push(`${chosen[0]}: ${result.op}`);
  }
  return { bytes, ops };
}
