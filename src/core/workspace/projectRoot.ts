// Finds the project a checked path belongs to, so that its configuration and key schemas come from
// that project and never from whatever folder the command happens to run in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../configFileName';

/**
 * The nearest folder at or above `target` holding `dynamo-guard.config.json` or `.git`; failing
 * both, the nearest holding `package.json`; failing that, the target's own folder. A package.json
 * alone does not end the search inside a repository, so that a package of a monorepo still gets
 * the repository's configuration and the tables its infrastructure package declares.
 */
export function projectRootOf(target: string): string {
  const abs = path.resolve(target);
  const start = isDirectory(abs) ? abs : path.dirname(abs);
  let nearestPackage: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE_NAME)) || fs.existsSync(path.join(dir, '.git'))) return dir;
    if (nearestPackage === undefined && fs.existsSync(path.join(dir, 'package.json'))) nearestPackage = dir;
    if (path.dirname(dir) === dir) return nearestPackage ?? start;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
