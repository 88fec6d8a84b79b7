// Where a Python import of a project module may live: `.db` and `..db` beside the importing file,
// `pkg.db` in the importing file's folder or any folder above it up to the root.
import * as path from 'node:path';

/** Candidate files, best first: `pkg/db.py`, then `pkg/db/__init__.py`, per folder. */
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
  for (const base of bases) {
    const stem = path.join(base, ...parts);
    if (parts.length > 0) out.push(`${stem}.py`);
    out.push(path.join(stem, '__init__.py'));
  }
  return out;
}
