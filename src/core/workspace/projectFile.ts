// Reads a file that a project names for itself (its config, a baseline the config points at): only
// a regular file, at most a size cap, and, when the name comes from the project, only inside it
// with symlinks resolved. Never a device (/dev/zero), a FIFO or another folder's secrets
// (/etc/shadow, /proc/self/environ); errors name the path and the reason, never the content.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Baselines and configs are small; this is far above any real one. */
export const MAX_PROJECT_FILE_BYTES = 50 * 1024 * 1024;

export type ProjectFileProblem = 'not-found' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable';

export class ProjectFileError extends Error {
  override readonly name = 'ProjectFileError';
  constructor(
    message: string,
    readonly code: ProjectFileProblem,
  ) {
    super(message);
  }
}

export interface ProjectFileOptions {
  /** How errors name the file (default: `file`). */
  label?: string;
  /** When set, the file (symlinks resolved) must be inside one of these folders. */
  insideOf?: readonly string[];
  maxBytes?: number;
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

function realFolder(folder: string): string | undefined {
  try {
    return fs.realpathSync(folder);
  } catch {
    return undefined;
  }
}

/** The file's text (UTF-8), or a ProjectFileError with one sentence naming `label` and the reason. */
export function readProjectFile(file: string, options: ProjectFileOptions = {}): string {
  const label = options.label ?? file;
  const maxBytes = options.maxBytes ?? MAX_PROJECT_FILE_BYTES;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ProjectFileError(`${label} not found`, 'not-found');
    throw new ProjectFileError(`${label} cannot be read (${code ?? 'error'})`, 'unreadable');
  }
  if (options.insideOf) {
    const folders = options.insideOf.map(realFolder).filter((f): f is string => f !== undefined);
    if (!folders.some((folder) => isInside(folder, real))) {
      throw new ProjectFileError(
        `${label} is outside the project; name a file inside ${options.insideOf[0] ?? 'it'}`,
        'outside',
      );
    }
  }
  let fd: number;
  try {
    // O_NONBLOCK: should the path turn into a FIFO after realpath, opening it does not wait for a writer.
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    throw new ProjectFileError(
      `${label} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      'unreadable',
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new ProjectFileError(`${label} is not a regular file`, 'not-a-file');
    const tooLarge = () =>
      new ProjectFileError(
        `${label} is larger than ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`}`,
        'too-large',
      );
    if (stat.size > maxBytes) throw tooLarge();
    // Read in chunks up to the cap whatever fstat said: a file that grows while read stops there too.
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    let total = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge();
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
