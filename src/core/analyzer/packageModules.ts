// Where a non-relative import of the project's own code points: tsconfig/jsconfig `paths` aliases
// (`~/utils` → `src/utils`, resolved against `baseUrl`), workspace packages (`@scope/pkg` or
// `@scope/pkg/sub` naming a folder listed by the root package.json's `workspaces` whose package.json
// has that `name`), and Lambda layers required by their path in the runtime (`/opt/nodejs/db` is
// `<layer>/nodejs/db` in the project). Packages installed from a registry are never read: only
// folders of the project.
import * as path from 'node:path';
import { moduleCandidates, sourceCandidates } from './moduleCandidates';

/** What the layout reads: a file's text (undefined when absent) and a folder's subfolders. */
export interface LayoutReader {
  readText(file: string): string | undefined;
  subfolders(folder: string): string[];
}

interface PathsConfig {
  /** Folder the targets are resolved against. */
  base: string;
  paths: ReadonlyArray<{ pattern: string; targets: readonly string[] }>;
}

interface Workspace {
  /** Package name → folder. */
  packages: Map<string, string>;
}

const MAX_EXTENDS = 8;
const MAX_WORKSPACE_PACKAGES = 2000;
/** Folders a layer's code is looked for in, above the importing file (up to the repository root). */
const MAX_LAYER_ANCESTORS = 8;
/** Folders that never hold a layer's code. */
const NOT_LAYERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'cdk.out', '.aws-sam', '.serverless']);

/** Resolves bare specifiers of one project; caches what it reads for as long as it lives (one run). */
export class ModuleLayout {
  private readonly configs = new Map<string, PathsConfig | null>();
  private readonly workspaces = new Map<string, Workspace | null>();
  private readonly manifests = new Map<string, Record<string, unknown> | null>();
  private readonly listings = new Map<string, string[]>();

  constructor(private readonly reader: LayoutReader) {}

  /** Candidate files for `specifier` imported from `fromFile`, in the order to try them. */
  candidates(fromFile: string, specifier: string): string[] {
    if (specifier.startsWith('/opt/')) return this.layerCandidates(fromFile, specifier.slice('/opt/'.length));
    const relative = moduleCandidates(fromFile, specifier);
    if (relative.length > 0 || specifier.startsWith('.') || specifier.startsWith('/')) return relative;
    if (specifier.startsWith('node:')) return [];
    return [...this.aliasCandidates(fromFile, specifier), ...this.workspaceCandidates(fromFile, specifier)];
  }

  private aliasCandidates(fromFile: string, specifier: string): string[] {
    const config = this.pathsConfigFor(path.dirname(fromFile));
    if (!config) return [];
    const out: string[] = [];
    // The longest matching prefix wins, as TypeScript's resolver does.
    const matches = config.paths
      .map((p) => ({ p, star: matchPattern(p.pattern, specifier) }))
      .filter((m): m is { p: PathsConfig['paths'][number]; star: string } => m.star !== undefined)
      .sort((a, b) => b.p.pattern.indexOf('*') - a.p.pattern.indexOf('*'));
    for (const { p, star } of matches)
      for (const target of p.targets)
        out.push(...sourceCandidates(path.resolve(config.base, target.replace('*', star))));
    // A catch-all alias (`"*": ["node_modules/*"]`) must not turn a package into a project file.
    return out.filter((c) => !c.split(/[\\/]/).includes('node_modules'));
  }

  /**
   * `/opt/<rest>` in the runtime is `<layer>/<rest>` in the project, where `<layer>` is a folder the
   * layer's code is deployed from: an ancestor of the importing file, a child of one, or a folder
   * under a `layers`-like child. `/opt/nodejs/...` names the Node.js layout (the folder holds
   * `nodejs/`); other `/opt/...` paths are looked for in folders named like a layer only.
   */
  private layerCandidates(fromFile: string, rest: string): string[] {
    const parts = rest.split('/');
    if (rest.length === 0 || parts.includes('..')) return [];
    const nodeLayout = rest.startsWith('nodejs/');
    const out: string[] = [];
    for (const dir of this.layerAncestors(path.dirname(fromFile))) {
      const roots: Array<{ dir: string; layerNamed: boolean }> = [{ dir, layerNamed: isLayerName(dir) }];
      for (const child of this.layerFolders(dir)) {
        roots.push({ dir: child, layerNamed: isLayerName(child) });
        if (isLayerName(child))
          for (const grand of this.layerFolders(child)) roots.push({ dir: grand, layerNamed: true });
      }
      for (const root of roots) {
        if (nodeLayout ? !this.listing(root.dir).includes('nodejs') : !root.layerNamed) continue;
        out.push(...sourceCandidates(path.join(root.dir, ...parts)));
      }
    }
    return out;
  }

  /** The folder and its ancestors, nearest first, up to the repository root (the folder holding `.git`). */
  private layerAncestors(folder: string): string[] {
    const out: string[] = [];
    let cur = path.resolve(folder);
    for (let i = 0; i < MAX_LAYER_ANCESTORS; i++) {
      out.push(cur);
      if (this.listing(cur).includes('.git') || this.reader.readText(path.join(cur, '.git')) !== undefined) break;
      const parent = path.dirname(cur);
      if (parent === cur) break;
      cur = parent;
    }
    return out;
  }

  /** Subfolders that may hold a layer's code, sorted. */
  private layerFolders(folder: string): string[] {
    return this.listing(folder)
      .filter((n) => !n.startsWith('.') && !NOT_LAYERS.has(n))
      .sort()
      .map((n) => path.join(folder, n));
  }

  private listing(folder: string): string[] {
    let names = this.listings.get(folder);
    if (!names) {
      names = this.reader.subfolders(folder);
      this.listings.set(folder, names);
    }
    return names;
  }

  private workspaceCandidates(fromFile: string, specifier: string): string[] {
    const workspace = this.workspaceFor(path.dirname(fromFile));
    if (!workspace) return [];
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const folder = workspace.packages.get(name);
    if (!folder) return [];
    const sub = parts.slice(nameLength).join('/');
    const manifest = this.manifest(folder) ?? {};
    const out: string[] = [];
    const exported = exportTarget(manifest.exports, sub === '' ? '.' : `./${sub}`);
    if (exported) out.push(...sourceCandidates(path.resolve(folder, exported)));
    if (sub === '') {
      for (const field of ['types', 'typings', 'module', 'main']) {
        const v = manifest[field];
        if (typeof v === 'string') out.push(...sourceCandidates(path.resolve(folder, v)));
      }
      out.push(...sourceCandidates(path.join(folder, 'src', 'index')), ...sourceCandidates(path.join(folder, 'index')));
    } else {
      // Published from a build folder: `pkg/utils/x` is `src/utils/x` in the repository.
      out.push(...sourceCandidates(path.join(folder, sub)), ...sourceCandidates(path.join(folder, 'src', sub)));
    }
    return out;
  }

  /** The `paths` of the nearest tsconfig.json (or jsconfig.json) above `folder`, following `extends`. */
  private pathsConfigFor(folder: string): PathsConfig | undefined {
    const cached = this.configs.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    let found: PathsConfig | undefined;
    const own = ['tsconfig.json', 'jsconfig.json'].map((n) => path.join(folder, n)).find((f) => this.readJson(f));
    if (own) found = this.pathsOf(own, 0);
    else {
      const parent = path.dirname(folder);
      found = parent !== folder ? this.pathsConfigFor(parent) : undefined;
    }
    this.configs.set(folder, found ?? null);
    return found;
  }

  private pathsOf(file: string, depth: number): PathsConfig | undefined {
    const json = this.readJson(file);
    if (!json || depth > MAX_EXTENDS) return undefined;
    const options = isRecord(json.compilerOptions) ? json.compilerOptions : {};
    const dir = path.dirname(file);
    const inherited =
      typeof json.extends === 'string' && json.extends.startsWith('.')
        ? this.pathsOf(resolveExtends(dir, json.extends), depth + 1)
        : undefined;
    const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : undefined;
    if (!isRecord(options.paths)) {
      // `baseUrl` alone keeps the inherited paths but moves where they resolve.
      return inherited && baseUrl ? { ...inherited, base: baseUrl } : inherited;
    }
    const paths: Array<{ pattern: string; targets: string[] }> = [];
    for (const [pattern, targets] of Object.entries(options.paths)) {
      if (!Array.isArray(targets) || (pattern.match(/\*/g) ?? []).length > 1) continue;
      paths.push({ pattern, targets: targets.filter((t): t is string => typeof t === 'string') });
    }
    return { base: baseUrl ?? dir, paths };
  }

  /** The workspace of the nearest package.json above `folder` that declares `workspaces`. */
  private workspaceFor(folder: string): Workspace | undefined {
    const cached = this.workspaces.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    let found: Workspace | undefined;
    const globs = workspaceGlobs(this.manifest(folder));
    if (globs) found = this.readWorkspace(folder, globs);
    else {
      const parent = path.dirname(folder);
      found = parent !== folder ? this.workspaceFor(parent) : undefined;
    }
    this.workspaces.set(folder, found ?? null);
    return found;
  }

  private readWorkspace(root: string, globs: readonly string[]): Workspace {
    const packages = new Map<string, string>();
    for (const glob of globs) {
      for (const folder of this.expand(root, glob.replace(/\/+$/, '').split('/'))) {
        if (packages.size >= MAX_WORKSPACE_PACKAGES) break;
        const name = this.manifest(folder)?.name;
        if (typeof name === 'string' && !packages.has(name)) packages.set(name, folder);
      }
    }
    return { packages };
  }

  /** Folders a workspace glob names; `*` is one folder level, `**` is not followed. */
  private expand(folder: string, segments: readonly string[]): string[] {
    const [first, ...rest] = segments;
    if (first === undefined) return [folder];
    if (first === '.' || first === '') return this.expand(folder, rest);
    if (first.includes('**') || first.startsWith('!')) return [];
    if (!first.includes('*')) return this.expand(path.join(folder, first), rest);
    const re = new RegExp(`^${first.split('*').map(escapeRegExp).join('[^/]*')}$`);
    return this.reader
      .subfolders(folder)
      .filter((n) => re.test(n) && n !== 'node_modules')
      .flatMap((n) => this.expand(path.join(folder, n), rest));
  }

  private manifest(folder: string): Record<string, unknown> | undefined {
    const cached = this.manifests.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    const json = this.readJson(path.join(folder, 'package.json'));
    this.manifests.set(folder, json ?? null);
    return json;
  }

  private readJson(file: string): Record<string, unknown> | undefined {
    const text = this.reader.readText(file);
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(stripJsonComments(text));
      return isRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
}

function isLayerName(folder: string): boolean {
  return /layer/i.test(path.basename(folder));
}

/** The part of `specifier` a `paths` pattern's `*` stands for ('' for an exact match), or undefined. */
function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier ? '' : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (specifier.length < prefix.length + suffix.length) return undefined;
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}

function resolveExtends(dir: string, spec: string): string {
  const target = path.resolve(dir, spec);
  return target.endsWith('.json') ? target : `${target}.json`;
}

function workspaceGlobs(manifest: Record<string, unknown> | undefined): string[] | undefined {
  const w = manifest?.workspaces;
  const list = Array.isArray(w) ? w : isRecord(w) && Array.isArray(w.packages) ? w.packages : undefined;
  return list?.filter((g): g is string => typeof g === 'string');
}

/** The file an `exports` map gives for a subpath: a string, or a condition object (types first). */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (!isRecord(exports)) return undefined;
  const keys = Object.keys(exports);
  const entry = keys.some((k) => k.startsWith('.')) ? exports[subpath] : subpath === '.' ? exports : undefined;
  return conditionTarget(entry, 0);
}

function conditionTarget(entry: unknown, depth: number): string | undefined {
  if (typeof entry === 'string') return entry;
  if (!isRecord(entry) || depth > 4) return undefined;
  for (const condition of ['types', 'source', 'import', 'require', 'node', 'default']) {
    const found = conditionTarget(entry[condition], depth + 1);
    if (found) return found;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** tsconfig.json allows comments and trailing commas. */
function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
