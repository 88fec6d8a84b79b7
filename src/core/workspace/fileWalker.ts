// Lists the JS/TS, Python and VTL source files of a tree the way a developer would expect: `.gitignore` files
// (nested ones too), dependency folders and build output stay out; minified bundles are listed apart.
import ignore, { type Ignore } from 'ignore';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SOURCE_EXTENSIONS: readonly string[] = [
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.py',
  // AppSync VTL mapping templates.
  '.vtl',
];

/** Folders that hold dependencies, VCS data or generated output: never application source. */
export const SKIPPED_DIRECTORIES: readonly string[] = [
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  'coverage',
  'cdk.out',
  '.aws-sam',
  '.serverless',
  '.next',
  '.terraform',
  // Python virtual environments and caches.
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  'site-packages',
];

export interface WalkOptions {
  /** Directory that `ignoreGlobs` are relative to (the config file's folder or the working directory). */
  root: string;
  /** Files or folders to list; files are taken as given, folders are walked. Defaults to `[root]`. */
  paths?: readonly string[];
  /** Extra gitignore-style globs, relative to `root` (the config's `ignore`). */
  ignoreGlobs?: readonly string[];
  /** Other files to list in the same walk (by name), e.g. infrastructure templates; they land in `others`. */
  alsoList?: (fileName: string) => boolean;
  /** Walked files (not named ones) are listed only when this accepts their absolute path (a glob's matcher). */
  include?: (file: string) => boolean;
  /**
   * Folders below the walked ones holding any of these names (`dynamo-guard.config.json`, `.git`)
   * are projects of their own: they are not walked but listed in `nested`.
   */
  nestedProjectMarkers?: readonly string[];
}

export interface WalkProblem {
  path: string;
  message: string;
  /** `missing`: a named path does not exist; `unreadable`: a folder or entry that cannot be read. */
  reason: 'missing' | 'unreadable';
}

export interface WalkResult {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Files `alsoList` accepted that are not source files: absolute, sorted. */
  others: string[];
  /** Source files whose name marks them as minified (`.min.js`, `.bundle.js`): absolute, sorted. */
  minified: string[];
  /** Folders holding a `nestedProjectMarkers` name, not walked: absolute, sorted. */
  nested: string[];
  problems: WalkProblem[];
}

interface Matcher {
  dir: string;
  rules: Ignore;
}

const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const MINIFIED_NAME = /[.-](?:min|bundle)\.[cm]?js$/i;

/** A JS/TS or Python file a person writes: not a declaration file, not minified by its name. */
export function isSourceFile(fileName: string): boolean {
  return isScriptFile(fileName) && !MINIFIED_NAME.test(fileName);
}

/** Whether the name says the file is a minified build artefact (`app.min.js`, `vendor-min.js`, `main.bundle.js`). */
export function isMinifiedName(fileName: string): boolean {
  return isScriptFile(fileName) && MINIFIED_NAME.test(fileName);
}

function isScriptFile(fileName: string): boolean {
  return !DECLARATION_FILE.test(fileName) && SOURCE_EXTENSIONS.includes(path.extname(fileName).toLowerCase());
}

/** Lines longer than this are not typed by hand (but one such line, a data URL say, is no sign of minification). */
const LONG_LINE = 500;
/** Smaller texts are analyzed whatever their shape: they are cheap, and a skip could hide a Scan. */
const MIN_MINIFIED_LENGTH = 4_096;
/** Share of the text on long lines from which it is taken for minified. */
const MINIFIED_SHARE = 0.8;

/**
 * Minified code is nearly all long lines. A hand-written file with a long line or two (an inline
 * base64 logo, a data table) is not: the time budget bounds its analysis, so it is analyzed.
 */
export function looksMinified(text: string): boolean {
  if (text.length <= MIN_MINIFIED_LENGTH) return false;
  let lineStart = 0;
  let onLongLines = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      if (i - lineStart > LONG_LINE) onLongLines += i - lineStart;
      lineStart = i + 1;
    }
  }
  return onLongLines >= text.length * MINIFIED_SHARE;
}

export function walkSourceFiles(options: WalkOptions): WalkResult {
  const root = path.resolve(options.root);
  const configRules =
    options.ignoreGlobs && options.ignoreGlobs.length > 0 ? ignore().add([...options.ignoreGlobs]) : undefined;
  const files = new Set<string>();
  const others = new Set<string>();
  const minified = new Set<string>();
  const nested = new Set<string>();
  const problems: WalkProblem[] = [];

  const ignoredByConfig = (abs: string, isDir: boolean): boolean => {
    if (!configRules) return false;
    const rel = path.relative(root, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return configRules.ignores(toPosix(rel) + (isDir ? '/' : ''));
  };

  for (const given of options.paths && options.paths.length > 0 ? options.paths : [root]) {
    const abs = path.resolve(root, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        problems.push({ path: given, message: 'no such file or directory', reason: 'missing' });
      else problems.push({ path: given, message: `cannot read: ${(err as Error).message}`, reason: 'unreadable' });
      continue;
    }
    // A path the user names is honoured even when an ignore rule or the skip list would hide it.
    if (stat.isFile()) {
      files.add(abs);
      continue;
    }
    if (!stat.isDirectory()) {
      problems.push({ path: given, message: 'cannot read: not a regular file or folder', reason: 'unreadable' });
      continue;
    }
    const matchers = ancestorMatchers(abs).filter((m) => !m.rules.ignores(toPosix(path.relative(m.dir, abs)) + '/'));
    walkDirectory(
      abs,
      matchers,
      {
        files,
        others,
        minified,
        nested,
        alsoList: options.alsoList,
        include: options.include,
        markers: options.nestedProjectMarkers,
      },
      problems,
      ignoredByConfig,
    );
  }
  return {
    files: [...files].sort(),
    others: [...others].sort(),
    minified: [...minified].sort(),
    nested: [...nested].sort(),
    problems,
  };
}

/**
 * Whether walking `root` would list `file`: a source file outside the skipped folders, not ignored by
 * a `.gitignore` on its way from the repository root nor by `ignoreGlobs`. For one changed file,
 * without walking the tree again.
 */
export function walkIncludes(options: Pick<WalkOptions, 'root' | 'ignoreGlobs'>, file: string): boolean {
  const root = path.resolve(options.root);
  const abs = path.resolve(file);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || !isSourceFile(abs)) return false;
  const configRules =
    options.ignoreGlobs && options.ignoreGlobs.length > 0 ? ignore().add([...options.ignoreGlobs]) : undefined;
  const parts = toPosix(rel).split('/');
  let matchers = ancestorMatchers(root).filter((m) => !m.rules.ignores(toPosix(path.relative(m.dir, root)) + '/'));
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const own = readGitignore(dir);
    if (own) matchers = [...matchers, own];
    const name = parts[i] as string;
    const child = path.join(dir, name);
    const isDir = i < parts.length - 1;
    if (isDir && SKIPPED_DIRECTORIES.includes(name)) return false;
    if (isIgnored(matchers, child, isDir) || configRules?.ignores(parts.slice(0, i + 1).join('/') + (isDir ? '/' : '')))
      return false;
    dir = child;
  }
  return true;
}

function walkDirectory(
  dir: string,
  inherited: readonly Matcher[],
  found: {
    files: Set<string>;
    others: Set<string>;
    minified: Set<string>;
    nested: Set<string>;
    alsoList: ((fileName: string) => boolean) | undefined;
    include: ((file: string) => boolean) | undefined;
    markers: readonly string[] | undefined;
  },
  problems: WalkProblem[],
  ignoredByConfig: (abs: string, isDir: boolean) => boolean,
): void {
  // Iterative, so a pathologically deep tree cannot overflow the stack.
  const stack: Array<{ dir: string; matchers: readonly Matcher[] }> = [{ dir, matchers: inherited }];
  while (stack.length > 0) {
    const current = stack.pop() as { dir: string; matchers: readonly Matcher[] };
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current.dir, { withFileTypes: true });
    } catch (err) {
      problems.push({
        path: current.dir,
        message: `cannot read the folder: ${(err as Error).message}`,
        reason: 'unreadable',
      });
      continue;
    }
    if (current.dir !== dir && found.markers && entries.some((e) => found.markers?.includes(e.name))) {
      found.nested.add(current.dir);
      continue;
    }
    const own = readGitignore(current.dir);
    const matchers = own ? [...current.matchers, own] : current.matchers;
    const subdirs: string[] = [];
    for (const entry of entries) {
      const abs = childPath(current.dir, entry.name);
      // Symlinks are not followed: they loop, and they point at code that lives elsewhere.
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.includes(entry.name)) continue;
        if (isIgnored(matchers, abs, true) || ignoredByConfig(abs, true)) continue;
        subdirs.push(abs);
      } else if (entry.isFile()) {
        const source = isSourceFile(entry.name);
        const minified = !source && isMinifiedName(entry.name);
        if (!source && !minified && !found.alsoList?.(entry.name)) continue;
        if ((source || minified) && found.include && !found.include(abs)) continue;
        if (isIgnored(matchers, abs, false) || ignoredByConfig(abs, false)) continue;
        (source ? found.files : minified ? found.minified : found.others).add(abs);
      } else if (
        !entry.isSymbolicLink() &&
        isScriptFile(entry.name) &&
        (found.include?.(abs) ?? true) &&
        !isIgnored(matchers, abs, false) &&
        !ignoredByConfig(abs, false)
      ) {
        // A FIFO, socket or device with a source name: reading it could block, and skipping it silently could hide code.
        problems.push({ path: abs, message: 'cannot read: not a regular file', reason: 'unreadable' });
      }
    }
    for (const sub of subdirs.sort().reverse()) stack.push({ dir: sub, matchers });
  }
}

function isIgnored(matchers: readonly Matcher[], abs: string, isDir: boolean): boolean {
  // git lets a deeper .gitignore override a shallower one, so the deepest file with an opinion wins.
  for (let i = matchers.length - 1; i >= 0; i--) {
    const m = matchers[i] as Matcher;
    const result = m.rules.test(toPosix(relativeInside(m.dir, abs)) + (isDir ? '/' : ''));
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/** `.gitignore` files above the starting folder, up to the repository root, still apply inside it. */
function ancestorMatchers(start: string): Matcher[] {
  if (fs.existsSync(path.join(start, '.git'))) return [];
  const chain: string[] = [];
  let dir = path.dirname(start);
  while (true) {
    chain.push(dir);
    if (fs.existsSync(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) return []; // not inside a repository: outer .gitignore files are not ours
    dir = parent;
  }
  const matchers: Matcher[] = [];
  for (const d of chain.reverse()) {
    const m = readGitignore(d);
    if (m) matchers.push(m);
  }
  return matchers;
}

function readGitignore(dir: string): Matcher | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { dir, rules: ignore().add(text) };
}

/** A folder's entry: `path.join` without its normalizing, for a normalized folder and a plain name. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/**
 * `path.relative(dir, file)`, cheaply when `file` is below `dir` and both are normalized absolute
 * paths (a walk's): the walk asks it for every entry and every `.gitignore` above it.
 */
export function relativeInside(dir: string, file: string): string {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const below =
    file.startsWith(prefix) &&
    !file.includes(`${path.sep}.`, prefix.length - 1) &&
    !file.includes(path.sep + path.sep, prefix.length - 1);
  return below ? file.slice(prefix.length) : path.relative(dir, file);
}

export function toPosix(p: string): string {
  return path.sep === '\\' ? p.replace(/\\/g, '/') : p;
}
