// A day's cache of the CloudWatch series a cost analysis read, on disk under the user's cache folder,
// keyed by connection, table and UTC day, readable by the owner only: a second analysis the same day
// costs no CloudWatch call. Any cache problem only costs the calls it would have saved.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TableUsage } from './costModel';

const FORMAT_VERSION = 1;

/** The user's cache folder: XDG on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows. */
export function userCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  const home = os.homedir();
  if (platform === 'win32') return env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches');
  return home ? path.join(home, '.cache') : os.tmpdir();
}

export function costCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userCacheDir(env), 'dynamo-guard', 'cost');
}

export interface CacheKey {
  /** Whatever identifies where the series came from: profile, region, endpoints. */
  connection: string;
  table: string;
  /** Everything that changes which series were asked: window days, billing mode, GSI names. */
  shape: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
}

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function fileOf(dir: string, key: CacheKey): string {
  // Table names are [A-Za-z0-9_.-]; hashing them anyway keeps any odd name out of the path.
  return path.join(dir, hash(key.connection), hash(key.table), `${key.day}-${hash(key.shape)}.json`);
}

interface CacheEntry {
  version: number;
  table: string;
  usage: TableUsage;
}

export class CostCache {
  constructor(readonly dir: string = costCacheDir()) {}

  read(key: CacheKey): TableUsage | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(fileOf(this.dir, key), 'utf8')) as CacheEntry;
      if (entry.version !== FORMAT_VERSION || entry.table !== key.table) return undefined;
      // NaN (no provisioned value) is stored as null.
      const revive = (xs: readonly (number | null)[] | undefined) => xs?.map((v) => (v === null ? Number.NaN : v));
      const r = (u: TableUsage['table']) => ({
        read: u.read,
        write: u.write,
        ...(u.provisionedRead ? { provisionedRead: revive(u.provisionedRead) as number[] } : {}),
        ...(u.provisionedWrite ? { provisionedWrite: revive(u.provisionedWrite) as number[] } : {}),
      });
      return {
        window: entry.usage.window,
        table: r(entry.usage.table),
        indexes: Object.fromEntries(Object.entries(entry.usage.indexes).map(([n, u]) => [n, r(u)])),
      };
    } catch {
      return undefined;
    }
  }

  write(key: CacheKey, usage: TableUsage): void {
    try {
      const file = fileOf(this.dir, key);
      const folder = path.dirname(file);
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      // Folders made earlier (or by another tool) get the owner-only mode too.
      for (let d = folder; d.startsWith(this.dir) && d !== path.dirname(this.dir); d = path.dirname(d))
        fs.chmodSync(d, 0o700);
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ version: FORMAT_VERSION, table: key.table, usage } satisfies CacheEntry), {
        mode: 0o600,
      });
      fs.renameSync(tmp, file);
      // Earlier days of this table are never read again.
      for (const name of fs.readdirSync(folder)) {
        if (name.endsWith('.json') && !name.startsWith(key.day)) fs.rmSync(path.join(folder, name), { force: true });
      }
    } catch {
      // An unwritable cache folder costs the next run its calls, nothing else.
    }
  }
}
