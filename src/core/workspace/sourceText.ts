// Reads a source file as text the way a compiler would, or says in one sentence why it cannot: a
// read error, a file that is not regular, binary bytes, or an encoding that is not UTF-8/UTF-16.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';

/** Why a file's text was not analyzed as read; `missing` and `unreadable` mean the run is incomplete. */
export type SkipReason = 'missing' | 'unreadable' | 'binary' | 'too-large' | 'minified' | 'analysis-error';
/** A file that was read and analyzed, with a caveat. */
export type NoteReason = 'encoding' | 'syntax-error';

export type SourceRead =
  | { ok: true; text: string; note?: { reason: NoteReason; message: string } }
  | { ok: false; reason: SkipReason; message: string };

/** Largest file read as source: bigger ones are generated, and the analyzer would refuse them anyway. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** Share of U+FFFD past which a text that is not UTF-8 is taken for binary rather than a legacy encoding. */
const MAX_REPLACEMENT_SHARE = 0.01;

/**
 * Read-only and non-blocking: a FIFO then reads as empty rather than waiting for a writer.
 * `readFileSync` takes `open`'s numeric flags, which its typings leave out.
 */
const READ_NONBLOCKING = (fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0)) as unknown as string;

/**
 * `walked`: the file walk listed the path as a regular file (it never lists a FIFO or device), so
 * its stat is spared; it is then opened non-blocking, in case it was replaced by one since.
 */
export function readSourceFile(file: string, options: { walked?: boolean } = {}): SourceRead {
  let bytes: Buffer;
  try {
    if (options.walked) {
      bytes = fs.readFileSync(file, { flag: READ_NONBLOCKING });
    } else {
      // Stat first: opening a FIFO for reading would wait for a writer forever.
      const stat = fs.statSync(file);
      if (!stat.isFile()) return { ok: false, reason: 'unreadable', message: 'cannot read: not a regular file' };
      if (stat.size > MAX_SOURCE_BYTES) return tooLarge();
      bytes = fs.readFileSync(file);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE') return tooLarge();
    return { ok: false, reason: 'unreadable', message: `cannot read: ${readErrorText(err)}` };
  }
  if (bytes.length > MAX_SOURCE_BYTES) return tooLarge();
  return decodeSource(bytes);
}

/** What reading a text larger than MAX_SOURCE_BYTES gives. */
export function tooLarge(): SourceRead {
  return { ok: false, reason: 'too-large', message: `skipped: larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB` };
}

/**
 * UTF-8 (a BOM is dropped, as editors do), UTF-16 with a BOM (TypeScript compiles those), NUL bytes
 * mean binary (or UTF-16 without a BOM), and invalid UTF-8 is decoded with replacement characters
 * when it is rare (a Latin-1 comment), else taken for binary.
 */
export function decodeSource(bytes: Uint8Array): SourceRead {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3));
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    try {
      return {
        ok: true,
        text: new TextDecoder(b0 === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: false }).decode(bytes),
      };
    } catch {
      return {
        ok: false,
        reason: 'binary',
        message: 'skipped: starts with a UTF-16 byte-order mark but is not valid UTF-16',
      };
    }
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      reason: 'binary',
      message: looksLikeUtf16(bytes)
        ? 'skipped: UTF-16 without a byte-order mark; save it as UTF-8'
        : `skipped: binary content (a NUL byte at offset ${nul})`,
    };
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): SourceRead {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (isUtf8(bytes)) return { ok: true, text };
  let replaced = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) replaced++;
  if (replaced > text.length * MAX_REPLACEMENT_SHARE) {
    return {
      ok: false,
      reason: 'binary',
      message: `skipped: not text (${replaced} byte sequences are not valid UTF-8)`,
    };
  }
  return {
    ok: true,
    text,
    note: {
      reason: 'encoding',
      message: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); analyzed with the bad bytes replaced, save it as UTF-8`,
    },
  };
}

/** ASCII in UTF-16 has a zero in every other byte. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  return (even > pairs * 0.4 && odd < pairs * 0.05) || (odd > pairs * 0.4 && even < pairs * 0.05);
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (-1 when valid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points above U+10FFFF.
    const b1 = bytes[i + 1] as number;
    if (
      (b === 0xe0 && b1 < 0xa0) ||
      (b === 0xed && b1 > 0x9f) ||
      (b === 0xf0 && b1 < 0x90) ||
      (b === 0xf4 && b1 > 0x8f)
    )
      return i;
    i += length;
  }
  return -1;
}

function readErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the file disappeared or is a broken link';
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return e.code ? `${e.code} ${e.message}` : String(err);
  }
}
