// Keeps V8's compiled code of the CLI's lazily loaded bundles (the analyzer holds the TypeScript
// parser: ~4 MB of JavaScript) between runs, as Node 22's `module.enableCompileCache()` does: the
// cache is written after the run, so it also holds the functions that only compile when first called.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

type Compile = (this: NodeModule, content: string, filename: string) => unknown;
interface InternalModule {
  _compile: Compile;
}
interface ModuleStatics {
  wrap(content: string): string;
  enableCompileCache?: (dir?: string) => unknown;
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

/** The cache file for one bundle: a stale or foreign entry never matches (content, Node, V8, arch). */
export function cacheFileFor(dir: string, filename: string, content: string): string {
  const key = crypto.createHash('sha256').update(process.version).update(process.versions.v8).update(process.arch).update(content).digest('hex').slice(0, 24);
  return path.join(dir, `${path.basename(filename, '.js')}-${key}.cache`);
}

/**
 * Compiles the named sibling bundles through a persistent code cache. Never throws and never
 * changes behaviour: any cache problem (unwritable folder, corrupt or rejected data) only costs
 * the compile time it would have saved.
 */
export function enableCompileCache(bundleDir: string, bundles: readonly string[], dir: string | undefined = compileCacheDir()): void {
  if (!dir) return;
  const statics = Module as unknown as ModuleStatics;
  // Node 22+ does this itself, for every module.
  if (typeof statics.enableCompileCache === 'function') {
    try {
      statics.enableCompileCache(dir);
    } catch {
      // Without a cache the run is only slower.
    }
    return;
  }
  const wanted = new Set(bundles.map((b) => path.join(bundleDir, b)));
  const proto = Module.prototype as unknown as InternalModule;
  const original = proto._compile;
  const pending: Array<{ script: vm.Script; file: string }> = [];
  proto._compile = function compileWithCache(this: NodeModule, content: string, filename: string): unknown {
    if (!wanted.has(filename)) return original.call(this, content, filename);
    const file = cacheFileFor(dir, filename, content);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
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
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a concurrent run never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, file);
    // Entries of older builds of the same bundle are never read again.
    const prefix = `${path.basename(file).replace(/-[0-9a-f]+\.cache$/, '')}-`;
    for (const old of fs.readdirSync(path.dirname(file))) {
      if (old.startsWith(prefix) && old.endsWith('.cache') && path.join(path.dirname(file), old) !== file) fs.rmSync(path.join(path.dirname(file), old), { force: true });
    }
  } catch {
    // A read-only home or a full disk only means the next run compiles again.
  }
}
