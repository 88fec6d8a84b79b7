// Where a Python import of a project module may live: `.db` and `..db` beside the importing file,
// `pkg.db` in the importing file's folder or any folder above it up to the root.
import * as path from 'node:path';

/**
 * Candidate files, best first: `pkg/db.py`, then `pkg/db/__init__.py`, per folder; then the same in
 * the folders of a package installed from the repository itself.
 */
export function pythonModuleCandidates(fromFile: string, name: string, root: string): string[] {
  const dots = /^\.*/.exec(name)?.[0].length ?? 0;
  const parts = name
    .slice(dots)
    .split('.')
    .filter((p) => p.length > 0);
  const bases: string[] = [];
  if (dots > 0) {
    let dir = path.dirname(fromFile);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    bases.push(dir);
  } else {
    for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
      bases.push(dir);
      if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
    }
  }
  const out: string[] = [];
  const add = (stem: string): void => {
    if (parts.length > 0) out.push(`${stem}.py`);
    out.push(path.join(stem, '__init__.py'));
  };
  for (const base of bases) add(path.join(base, ...parts));
  // Packages of the same repository installed from their own folders, looked for after the above:
  // `pkg/pkg/mod.py` (a setup.py beside the package), `src/pkg/mod.py`, `lib/pkg/pkg/mod.py`.
  const top = parts[0];
  if (dots === 0 && top !== undefined)
    for (const base of bases) {
      add(path.join(base, top, ...parts));
      add(path.join(base, 'src', ...parts));
      for (const folder of PACKAGE_FOLDERS) add(path.join(base, folder, top, ...parts));
    }
  return out;
}

/** Folders a repository keeps its own installable packages in, each package in a folder of its name. */
const PACKAGE_FOLDERS = ['lib', 'libs', 'packages'];
