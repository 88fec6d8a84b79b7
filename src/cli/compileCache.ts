// Keeps V8's compiled code of the CLI's lazily loaded bundles (the analyzer holds the TypeScript
// parser: ~4 MB of JavaScript) between runs, as Node 22's `module.enableCompileCache()` does: the
// cache is written after the run, so it also holds the functions that only compile when first called.
// V8 runs cached code as it finds it, so only an owner-only folder and hash-checked entries are used.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

type Compile = (this: NodeModule, content: string, filename: string, ...rest: unknown[]) => unknown;
interface InternalModule {
  _compile: Compile;
}
interface ModuleStatics {
  wrap(content: string): string;
}

export const COMPILE_CACHE_ENV = 'DYNAMO_GUARD_COMPILE_CACHE';

/** Where the cache lives: `$DYNAMO_GUARD_COMPILE_CACHE`, else the user's cache folder. `off` disables it. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[COMPILE_CACHE_ENV];
  if (configured === 'off' || configured === '0') return undefined;
  if (configured) return configured;
  const base = env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
  return path.join(base, 'dynamo-guard', 'v8');
}

/**
 * The cache file for one bundle: a stale or foreign entry never matches (content, Node, V8, arch),
 * and neither does another install's copy of the same bundle, whose cached code carries its own
 * file name into stack traces.
 */
export function cacheFileFor(dir: string, filename: string, content: string): string {
  const key = crypto
    .createHash('sha256')
    .update(process.version)
    .update(process.versions.v8)
    .update(process.arch)
    .update(path.resolve(filename))
    .update('\0')
    .update(content)
    .digest('hex')
    .slice(0, 24);
  return path.join(dir, `${path.basename(filename, '.js')}-${key}.cache`);
}

/** Beside each entry: the sha256 (hex) of its data, checked before V8 is given the data. */
export function integrityFileFor(file: string): string {
  return `${file}.sha256`;
}

/**
 * V8 runs code from a code cache without checking it against the source beyond its length, so an
 * entry someone else could write is code they could run. Only a folder (and files) of our own user,
 * writable by no one else, is used; where ownership cannot be checked (no POSIX uid) there is no cache.
 */
function ownedByUs(stat: fs.Stats): boolean {
  const uid = process.getuid?.();
  return uid !== undefined && stat.uid === uid && (stat.mode & 0o022) === 0;
}

/** Creates the folder owner-only when missing; true when it is a real folder of ours that only we can write. */
function usableCacheDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && ownedByUs(stat);
  } catch {
    return false;
  }
}

/** A file's bytes when it is a regular file of ours that only we can write; never follows a symlink. */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !ownedByUs(stat)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The entry's data when its integrity file holds the data's sha256; otherwise nothing. */
function readVerifiedCache(file: string): Buffer | undefined {
  const data = readOwnFile(file);
  const expected = readOwnFile(integrityFileFor(file))?.toString('utf8').trim();
  if (!data || !expected) return undefined;
  const actual = crypto.createHash('sha256').update(data).digest('hex');
  return expected.length === actual.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(actual))
    ? data
    : undefined;
}

/**
 * Compiles the named sibling bundles through a persistent code cache. Never throws and never
 * changes behaviour: any cache problem (unwritable, foreign or shared folder, corrupt, unverified
 * or rejected data) only costs the compile time it would have saved. Node 22's own
 * `module.enableCompileCache()` is not used: its entries are not checked against a folder's owner.
 */
export function enableCompileCache(
  bundleDir: string,
  bundles: readonly string[],
  dir: string | undefined = compileCacheDir(),
): void {
  if (!dir || !usableCacheDir(dir)) return;
  const statics = Module as unknown as ModuleStatics;
  const wanted = new Set(bundles.map((b) => path.join(bundleDir, b)));
  const proto = Module.prototype as unknown as InternalModule;
  const original = proto._compile;
  const pending: Array<{ script: vm.Script; file: string }> = [];
  proto._compile = function compileWithCache(
    this: NodeModule,
    content: string,
    filename: string,
    ...rest: unknown[]
  ): unknown {
    if (!wanted.has(filename)) return original.call(this, content, filename, ...rest);
    const file = cacheFileFor(dir, filename, content);
    const cachedData = readVerifiedCache(file);
    const script = new vm.Script(statics.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) pending.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { script, file } of pending) writeCache(file, script);
  });
}

function writeCache(file: string, script: vm.Script): void {
  const dir = path.dirname(file);
  try {
    // Checked again: the folder may have changed hands during the run.
    if (!usableCacheDir(dir)) return;
    const data = script.createCachedData();
    const digest = crypto.createHash('sha256').update(data).digest('hex');
    // Owner-only files written then renamed, so a concurrent run never reads half a file; a reader
    // that sees the new data before its new hash only skips the cache once.
    const tmp = `${file}.${process.pid}.tmp`;
    for (const stale of [tmp, `${tmp}.sha256`]) fs.rmSync(stale, { force: true });
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    fs.writeFileSync(`${tmp}.sha256`, digest, { mode: 0o600, flag: 'wx' });
    fs.renameSync(`${tmp}.sha256`, integrityFileFor(file));
    // Entries of older builds of the same bundle are never read again.
    const prefix = `${path.basename(file).replace(/-[0-9a-f]+\.cache$/, '')}-`;
    for (const old of fs.readdirSync(dir)) {
      const oldFile = path.join(dir, old);
      if (
        old.startsWith(prefix) &&
        (old.endsWith('.cache') || old.endsWith('.cache.sha256')) &&
        oldFile !== file &&
        oldFile !== integrityFileFor(file)
      )
        fs.rmSync(oldFile, { force: true });
    }
  } catch {
    // A read-only home or a full disk only means the next run compiles again.
  }
}
