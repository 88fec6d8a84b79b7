// Where a relative import can point on disk, in the order Node and TypeScript would try: the one
// list the CLI's project runner and the editor's resolver both walk, each with its own reader.
import * as path from 'node:path';

const RESOLVE_SUFFIXES = [
  '',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.mjs',
];

/** Candidate files for `specifier` imported from `fromFile`; empty for package (non-relative) imports. */
export function moduleCandidates(fromFile: string, specifier: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return [];
  return sourceCandidates(path.resolve(path.dirname(fromFile), specifier));
}

/** Candidate files for an absolute module path without its extension (or with a `.js` one meaning `.ts`). */
export function sourceCandidates(base: string): string[] {
  const candidates = RESOLVE_SUFFIXES.map((suffix) => base + suffix);
  // TypeScript ESM code imports `./x.js` meaning `./x.ts`.
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, '.$1ts'), base.replace(/\.js$/, '.tsx'));
  return candidates;
}
