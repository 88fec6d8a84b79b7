// Builds the benchmark corpus in bench/corpus/ (git-ignored): real JS/TS files copied from installed
// packages plus this project's fixtures, chosen deterministically so every run measures the same files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSourceFile, SKIPPED_DIRECTORIES } from '../src/core/workspace/fileWalker';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'bench', 'corpus');
const MAX_FILE_BYTES = 1_000_000;

/** Package folders to copy from, in order; each contributes every source file under it, sorted. */
const SOURCES: readonly string[] = [
  'node_modules/@aws-sdk/client-dynamodb/dist-es',
  'node_modules/@aws-sdk/lib-dynamodb/dist-es',
  'node_modules/@aws-sdk/util-dynamodb/dist-es',
  'node_modules/@aws-sdk/client-cloudwatch/dist-es',
  'node_modules/@aws-sdk/*/dist-es',
  'node_modules/@smithy/*/dist-es',
  'node_modules/@typescript-eslint/*/dist',
  'node_modules/eslint/lib',
  'node_modules/yaml/dist',
  'node_modules/ajv/lib',
  'node_modules/mocha/lib',
  'node_modules/undici',
  'node_modules/cheerio',
  'node_modules/@azure',
];

/** The project's own fixtures and examples: real code with real findings. */
const OWN: readonly string[] = ['test/fixtures', 'examples'];

export interface Corpus {
  dir: string;
  files: string[];
  bytes: number;
}

function expand(pattern: string): string[] {
  const parts = pattern.split('/');
  let bases = [REPO_ROOT];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of bases) {
      if (part === '*') {
        let names: string[] = [];
        try {
          names = fs.readdirSync(base).sort();
        } catch {
          continue;
        }
        for (const n of names) next.push(path.join(base, n));
      } else {
        next.push(path.join(base, part));
      }
    }
    bases = next.filter((b) => fs.existsSync(b));
  }
  return bases;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !isSourceFile(entry.name)) continue;
    out.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  }
  return out.sort();
}

/** Folder names the walker skips are renamed, so copied package layouts stay visible to both tools. */
function corpusPath(rel: string): string {
  return rel
    .split('/')
    .map((seg) => (SKIPPED_DIRECTORIES.includes(seg) ? `${seg}_` : seg))
    .join('/');
}

export function buildCorpus(minFiles = 3_000, maxFiles = 3_600): Corpus {
  const chosen = new Map<string, string>(); // corpus-relative -> source
  const add = (abs: string, prefix: string): void => {
    if (chosen.size >= maxFiles) return;
    let size = 0;
    try {
      size = fs.statSync(abs).size;
    } catch {
      return;
    }
    if (size === 0 || size > MAX_FILE_BYTES) return;
    const rel = corpusPath(
      `${prefix}/${path
        .relative(REPO_ROOT, abs)
        .split(path.sep)
        .join('/')
        .replace(/^node_modules\//, '')}`,
    );
    if (!chosen.has(rel)) chosen.set(rel, abs);
  };
  for (const own of OWN)
    if (fs.existsSync(path.join(REPO_ROOT, own)))
      for (const f of listFiles(path.join(REPO_ROOT, own))) add(f, 'project');
  for (const pattern of SOURCES) for (const dir of expand(pattern)) for (const f of listFiles(dir)) add(f, 'npm');
  if (chosen.size < minFiles)
    throw new Error(`only ${chosen.size} source files found for the corpus; need ${minFiles} (run npm ci)`);

  fs.rmSync(CORPUS_DIR, { recursive: true, force: true });
  let bytes = 0;
  const files: string[] = [];
  for (const [rel, src] of [...chosen.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const dest = path.join(CORPUS_DIR, rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(src, dest);
    bytes += fs.statSync(dest).size;
    files.push(dest);
  }
  // Marks the corpus as a project of its own, so `check` takes its configuration and key schemas from
  // here rather than from the repository around it.
  fs.writeFileSync(path.join(CORPUS_DIR, 'dynamo-guard.config.json'), '{}\n');
  return { dir: CORPUS_DIR, files, bytes };
}
