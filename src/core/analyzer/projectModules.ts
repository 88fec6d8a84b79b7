// Where an import of project code points on disk, beyond relative paths: a Lambda layer required by
// its absolute path in the runtime (`/opt/nodejs/db` is `<layer>/nodejs/db` in the project), and a
// path alias of the nearest tsconfig.json or jsconfig.json (`@models/x` is `src/models/x`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { candidatesFor, moduleCandidates } from './moduleCandidates';

/** Folders that never hold a layer's code. */
const NOT_LAYERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'cdk.out', '.aws-sam', '.serverless']);
const MAX_ANCESTORS = 8;
const MAX_EXTENDS = 4;

/**
 * Candidate files for `specifier` imported from `fromFile`, in the order they are tried: relative
 * imports as Node and TypeScript resolve them, `/opt/...` in the project's layer folders, and
 * tsconfig `paths` aliases. Empty for a package import no alias covers.
 */
export function projectModuleCandidates(fromFile: string, specifier: string): string[] {
  if (specifier.startsWith('./') || specifier.startsWith('../')) return moduleCandidates(fromFile, specifier);
  if (specifier.startsWith('/opt/')) return layerCandidates(fromFile, specifier.slice('/opt/'.length));
  if (specifier.startsWith('/') || specifier.startsWith('.') || specifier.includes(':')) return [];
  return aliasCandidates(fromFile, specifier);
}

/**
 * `/opt/<rest>` in the runtime is `<layer>/<rest>` in the project, where `<layer>` is a folder the
 * layer's code is deployed from: an ancestor of the importing file, a child of one, or a folder
 * under a `layers`-like child. `/opt/nodejs/...` names the Node.js layout; other `/opt/...` paths are
 * looked for in folders named like a layer only.
 */
function layerCandidates(fromFile: string, rest: string): string[] {
  if (rest.length === 0 || rest.split('/').includes('..')) return [];
  const nodeLayout = rest.startsWith('nodejs/');
  const out: string[] = [];
  for (const dir of ancestors(path.dirname(fromFile))) {
    const roots: Array<{ dir: string; layerNamed: boolean }> = [{ dir, layerNamed: isLayerName(dir) }];
    for (const child of subfolders(dir)) {
      roots.push({ dir: child, layerNamed: isLayerName(child) });
      if (isLayerName(child)) for (const grand of subfolders(child)) roots.push({ dir: grand, layerNamed: true });
    }
    for (const root of roots) {
      if (!nodeLayout && !root.layerNamed) continue;
      const base = path.join(root.dir, ...rest.split('/'));
      if (nodeLayout && !isDirectory(path.join(root.dir, 'nodejs'))) continue;
      out.push(...candidatesFor(base));
    }
  }
  return out;
}

function isLayerName(dir: string): boolean {
  return /layer/i.test(path.basename(dir));
}

/** The folder and its ancestors, nearest first, up to the repository root (the folder holding `.git`). */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  let cur = path.resolve(dir);
  for (let i = 0; i < MAX_ANCESTORS; i++) {
    out.push(cur);
    if (exists(path.join(cur, '.git'))) break;
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return out;
}

const subfolderCache = new Map<string, { at: number; dirs: string[] }>();
/** Listings are read again after this long: an editor session outlives changes on disk. */
const LISTING_TTL_MS = 5_000;

function subfolders(dir: string): string[] {
  const now = Date.now();
  const hit = subfolderCache.get(dir);
  if (hit && now - hit.at < LISTING_TTL_MS) return hit.dirs;
  let dirs: string[] = [];
  try {
    dirs = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !NOT_LAYERS.has(d.name))
      .map((d) => path.join(dir, d.name))
      .sort();
  } catch {
    dirs = [];
  }
  if (subfolderCache.size > 4096) subfolderCache.clear();
  subfolderCache.set(dir, { at: now, dirs });
  return dirs;
}

function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The `paths` of a config file, resolved: patterns with their targets as absolute paths (`*` kept). */
interface PathAliases {
  aliases: Array<{ pattern: string; targets: string[] }>;
}

const configCache = new Map<string, { mtimeMs: number; aliases: PathAliases | undefined }>();

function aliasCandidates(fromFile: string, specifier: string): string[] {
  const config = nearestConfig(path.dirname(fromFile));
  const aliases = config ? readAliases(config) : undefined;
  if (!aliases) return [];
  const out: string[] = [];
  // TypeScript prefers the pattern with the longest prefix before `*`; an exact pattern first.
  const matching = aliases.aliases
    .map((a) => ({ a, star: a.pattern.indexOf('*') }))
    .filter(({ a, star }) =>
      star === -1
        ? a.pattern === specifier
        : specifier.startsWith(a.pattern.slice(0, star)) &&
          specifier.endsWith(a.pattern.slice(star + 1)) &&
          specifier.length >= a.pattern.length - 1,
    )
    .sort((x, y) => (y.star === -1 ? Infinity : y.star) - (x.star === -1 ? Infinity : x.star));
  for (const { a, star } of matching) {
    const captured = star === -1 ? '' : specifier.slice(star, specifier.length - (a.pattern.length - star - 1));
    for (const target of a.targets) out.push(...candidatesFor(target.replace('*', captured)));
  }
  // A catch-all alias (`"*": ["node_modules/*"]`) must not turn a package into a project file.
  return out.filter((c) => !c.split(/[\\/]/).includes('node_modules'));
}

const nearestCache = new Map<string, { at: number; config: string | undefined }>();

function nearestConfig(dir: string): string | undefined {
  const now = Date.now();
  const hit = nearestCache.get(dir);
  if (hit && now - hit.at < LISTING_TTL_MS) return hit.config;
  let config: string | undefined;
  for (const d of ancestors(dir)) {
    config = ['tsconfig.json', 'jsconfig.json'].map((name) => path.join(d, name)).find(exists);
    if (config) break;
  }
  if (nearestCache.size > 4096) nearestCache.clear();
  nearestCache.set(dir, { at: now, config });
  return config;
}

function readAliases(configPath: string): PathAliases | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(configPath).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = configCache.get(configPath);
  if (hit && hit.mtimeMs === mtimeMs) return hit.aliases;
  const options = compilerOptions(configPath, 0);
  const aliases =
    options?.paths && options.pathsBase
      ? {
          aliases: Object.entries(options.paths).map(([pattern, targets]) => ({
            pattern,
            targets: targets.map((t) => path.resolve(options.baseUrl ?? (options.pathsBase as string), t)),
          })),
        }
      : undefined;
  if (configCache.size > 256) configCache.clear();
  configCache.set(configPath, { mtimeMs, aliases });
  return aliases;
}

interface ResolvedOptions {
  paths?: Record<string, string[]>;
  /** The folder of the config that declares `paths`: targets are relative to it without a `baseUrl`. */
  pathsBase?: string;
  baseUrl?: string;
}

/** `compilerOptions.paths` and `baseUrl` of a config and the configs it extends (relative ones only). */
function compilerOptions(configPath: string, depth: number): ResolvedOptions | undefined {
  if (depth > MAX_EXTENDS) return undefined;
  let raw: unknown;
  try {
    raw = parseJsonc(fs.readFileSync(configPath, 'utf8'), [], { allowTrailingComma: true });
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const config = raw as { extends?: unknown; compilerOptions?: { paths?: unknown; baseUrl?: unknown } };
  const dir = path.dirname(configPath);
  const parents = (Array.isArray(config.extends) ? config.extends : [config.extends]).filter(
    (e): e is string => typeof e === 'string' && (e.startsWith('./') || e.startsWith('../')),
  );
  let merged: ResolvedOptions = {};
  for (const parent of parents) {
    const file = path.resolve(dir, parent.endsWith('.json') ? parent : `${parent}.json`);
    merged = { ...merged, ...compilerOptions(file, depth + 1) };
  }
  const own = config.compilerOptions;
  if (typeof own?.baseUrl === 'string') merged.baseUrl = path.resolve(dir, own.baseUrl);
  if (own?.paths && typeof own.paths === 'object') {
    const paths: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(own.paths as Record<string, unknown>)) {
      if (Array.isArray(v)) paths[k] = v.filter((t): t is string => typeof t === 'string');
    }
    merged.paths = paths;
    merged.pathsBase = dir;
  }
  return merged;
}
