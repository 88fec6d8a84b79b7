// Where a Python import of a project module may live: `.db` and `..db` beside the importing file,
// `pkg.db` in the importing file's folder or any folder above it up to the root, and in the Lambda
// layers of the project (the runtime puts a layer's `python/` folder on `sys.path`).
import * as path from 'node:path';

/**
 * Candidate files, best first: `pkg/db.py`, then `pkg/db/__init__.py`, per folder; then the same in
 * the folders of a package installed from the repository itself; then in `layerRoots` (see
 * `pythonLayerRoots`).
 */
export function pythonModuleCandidates(
  fromFile: string,
  name: string,
  root: string,
  layerRoots: readonly string[] = [],
): string[] {
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
  out.push(...pythonLayerCandidates(name, layerRoots));
  return out;
}

/** Folders a repository keeps its own installable packages in, each package in a folder of its name. */
const PACKAGE_FOLDERS = ['lib', 'libs', 'packages'];

/** Top-level packages of the SDKs the analyzer models itself: never read from a layer's vendored copy. */
const SDK_PACKAGES = new Set(['boto3', 'botocore', 'aioboto3', 'aiobotocore', 'pynamodb', 's3transfer']);

/**
 * Candidate files of an absolute import in the layers' content folders (`pythonLayerRoots`), best
 * first; none for a relative import or an SDK the analyzer models (a layer may vendor boto3).
 */
export function pythonLayerCandidates(name: string, layerRoots: readonly string[]): string[] {
  if (name.startsWith('.')) return [];
  const parts = name.split('.').filter((p) => p.length > 0);
  const top = parts[0];
  if (top === undefined || SDK_PACKAGES.has(top) || top.startsWith('mypy_boto3')) return [];
  const out: string[] = [];
  for (const base of layerRoots) {
    const stem = path.join(base, ...parts);
    out.push(`${stem}.py`, path.join(stem, '__init__.py'));
  }
  return out;
}

/** Lists a folder's subfolders (names only); an unreadable folder has none. */
export interface PythonLayoutReader {
  subfolders(folder: string): string[];
}

/** Folders below the project root looked through for layers, at most. */
const MAX_LAYER_WALK_FOLDERS = 5000;
const MAX_LAYER_DEPTH = 8;
/** Folders that hold no layer's source. */
const NOT_LAYER_SOURCE = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'venv',
  'env',
  'dist',
  'build',
  'coverage',
  'cdk.out',
  '.aws-sam',
  '.serverless',
]);

/**
 * The content folders of the project's Python Lambda layers, sorted: each `python/` folder whose path
 * below `root` names a layer (`layers/common/python`, `shared/sdk-layer/python`), and the
 * `python/lib/python3.x/site-packages/` folders inside one. Never outside `root`; nothing for a
 * filesystem root (a run without a project).
 */
export function pythonLayerRoots(root: string, reader: PythonLayoutReader): string[] {
  const top = path.resolve(root);
  if (path.dirname(top) === top) return [];
  const out: string[] = [];
  let visited = 0;
  const queue: Array<{ dir: string; depth: number; layerNamed: boolean }> = [{ dir: top, depth: 0, layerNamed: false }];
  for (let i = 0; i < queue.length && visited < MAX_LAYER_WALK_FOLDERS; i++) {
    const { dir, depth, layerNamed } = queue[i] as (typeof queue)[number];
    visited++;
    for (const name of reader.subfolders(dir).sort()) {
      if (name.startsWith('.') || NOT_LAYER_SOURCE.has(name)) continue;
      const child = path.join(dir, name);
      if (name === 'python' && layerNamed) {
        out.push(child);
        const lib = path.join(child, 'lib');
        for (const version of reader.subfolders(lib).sort())
          if (
            /^python3(?:\.\d+)?$/.test(version) &&
            reader.subfolders(path.join(lib, version)).includes('site-packages')
          )
            out.push(path.join(lib, version, 'site-packages'));
        continue;
      }
      if (depth + 1 < MAX_LAYER_DEPTH)
        queue.push({ dir: child, depth: depth + 1, layerNamed: layerNamed || /layer/i.test(name) });
    }
  }
  return out.sort();
}
