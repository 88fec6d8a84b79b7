// Python Lambda layers and namespace packages in a project run: an absolute import of a layer's
// package (`python/` of a layer folder, on `sys.path` at run time) reaches the wrappers it defines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { pythonLayerRoots, pythonModuleCandidates } from '../../../src/core/python/pythonModules';
import { makeTempDir } from '../../harness/tempDirs';

const WRAPPERS =
  'import os\nimport boto3\ntable = boto3.resource("dynamodb").Table(os.environ["APPS_TABLE"])\n' +
  'def list_apps():\n    return table.scan()["Items"]\n';

/** A project with `files` (relative path → text); returns its root. */
function project(files: Record<string, string>): string {
  const dir = makeTempDir('dg-py-layers-');
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

async function findingsIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const workers of [0, 1]) {
    const result = await analyzeProject({ root: dir, workers, parallelThreshold: 0 });
    const lines = result.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
    if (workers === 0) out.push(...lines);
    else assert.deepEqual(lines, out, 'worker threads give the same findings');
  }
  return out;
}

test("a function calling a layer package's Scan wrapper is reported at the call", async () => {
  const dir = project({
    'lib/shared/layers/sdk/python/core/__init__.py': '',
    'lib/shared/layers/sdk/python/core/apps.py': WRAPPERS,
    'lib/api/functions/routes.py': 'import core.apps\ndef handler(event, context):\n    return core.apps.list_apps()\n',
    'lib/api/functions/other.py':
      'from core.apps import list_apps\ndef handler(event, context):\n    return list_apps()\n',
  });
  assert.deepEqual(await findingsIn(dir), [
    'lib/api/functions/other.py:3 scan',
    'lib/api/functions/routes.py:3 scan',
    'lib/shared/layers/sdk/python/core/apps.py:5 scan',
  ]);
});

test("a layer's site-packages folder is on the path too", async () => {
  // The walk skips site-packages folders: the file that calls the wrapper reaches DynamoDB itself too.
  const dir = project({
    'common-layer/python/lib/python3.12/site-packages/core/apps.py': WRAPPERS,
    'functions/routes.py':
      'from core.apps import list_apps, table\ndef handler(event, context):\n    return list_apps()\n' +
      'def one(event, context):\n    return table.get_item(Key={"id": event["id"]})\n',
  });
  assert.deepEqual(await findingsIn(dir), ['functions/routes.py:3 scan']);
});

test('a python/ folder whose path names no layer is not on the path', async () => {
  const dir = project({
    'tools/python/core/apps.py': WRAPPERS,
    'functions/routes.py': 'from core.apps import list_apps\ndef handler(event, context):\n    return list_apps()\n',
  });
  assert.deepEqual(await findingsIn(dir), ['tools/python/core/apps.py:5 scan']);
});

test('`import pkg.mod` of a package folder without __init__.py reaches the module', async () => {
  const dir = project({
    'src/core/apps.py': WRAPPERS,
    'src/routes.py':
      'import core.apps\nimport core.missing\ndef handler(event, context):\n    return core.apps.list_apps()\n' +
      'def other(event, context):\n    return core.missing.list_apps()\n',
  });
  // `core.missing` is nowhere in the project: its call reaches nothing.
  assert.deepEqual(await findingsIn(dir), ['src/core/apps.py:5 scan', 'src/routes.py:4 scan']);
});

test('layer folders are looked for below the project root only, and not for a filesystem root', () => {
  const dir = project({
    'layers/a/python/pkg/m.py': '',
    'infra/sdk-layer/python/lib/python3.11/site-packages/dep/m.py': '',
    'node_modules/x-layer/python/pkg/m.py': '',
    'plain/python/pkg/m.py': '',
  });
  const reader = {
    subfolders: (folder: string): string[] => {
      try {
        return fs
          .readdirSync(folder, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name);
      } catch {
        return [];
      }
    },
  };
  const roots = pythonLayerRoots(path.join(dir, 'layers'), reader).map((r) => path.relative(dir, r));
  // Below `layers/` itself, only the folders inside name a layer: `a/python` does not.
  assert.deepEqual(roots, []);
  assert.deepEqual(
    pythonLayerRoots(dir, reader).map((r) => path.relative(dir, r).split(path.sep).join('/')),
    ['infra/sdk-layer/python', 'infra/sdk-layer/python/lib/python3.11/site-packages', 'layers/a/python'],
  );
  assert.deepEqual(pythonLayerRoots(path.parse(dir).root, reader), []);
  // Relative imports and the SDKs are never looked for in layers.
  const layer = path.join(dir, 'layers/a/python');
  const from = path.join(dir, 'app.py');
  assert.ok(pythonModuleCandidates(from, 'pkg.m', dir, [layer]).includes(path.join(layer, 'pkg', 'm.py')));
  assert.ok(!pythonModuleCandidates(from, '.pkg.m', dir, [layer]).some((c) => c.startsWith(layer)));
  assert.ok(!pythonModuleCandidates(from, 'boto3.session', dir, [layer]).some((c) => c.startsWith(layer)));
});
