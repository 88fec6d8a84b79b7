// The dependency rules `npm test`'s lint stage checks (.dependency-cruiser.cjs) really fire: an
// import cycle and a layer crossing in a throwaway tree are reported, a clean tree is not.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '../harness/tempDirs';

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[] };

type Violation = { rule: { name: string }; from: string; to: string };

async function violations(files: Record<string, string>): Promise<Violation[]> {
  const dir = makeTempDir('dg-deprules-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const { cruise } = await import('dependency-cruiser');
  const result = await cruise(['src'], {
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.forbidden } as never,
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  });
  if (typeof result.output === 'string') throw new Error('expected the cruise result as an object');
  return result.output.summary.violations;
}

describe('dependency rules', () => {
  it('report an import cycle in src, also through a type-only import', async () => {
    const found = await violations({
      'src/core/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/core/b.ts': "import type { A } from './a';\nexport const b = 1;\nexport type B = A;\n",
    });
    assert.deepEqual(
      found.map((v) => v.rule.name),
      ['no-circular'],
    );
  });

  it('report core importing the CLI and the CLI importing the extension', async () => {
    const found = await violations({
      'src/cli/main.ts': 'export const run = 1;\n',
      'src/core/x.ts': "import { run } from '../cli/main';\nexport const x = run;\n",
      'src/extension/ext.ts': 'export const activate = 1;\n',
      'src/cli/y.ts': "import { activate } from '../extension/ext';\nexport const y = activate;\n",
    });
    assert.deepEqual(found.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`).sort(), [
      'cli-is-editor-free src/cli/y.ts -> src/extension/ext.ts',
      'core-is-editor-free src/core/x.ts -> src/cli/main.ts',
    ]);
  });

  it('report the syntax layer or a schema reader importing the analyzer', async () => {
    const found = await violations({
      'src/core/analyzer/finding.ts': 'export const f = 1;\n',
      'src/core/syntax/positions.ts': "import { f } from '../analyzer/finding';\nexport const p = f;\n",
      'src/core/schema/cdk.ts': "import { f } from '../analyzer/finding';\nexport const c = f;\n",
    });
    assert.deepEqual(found.map((v) => `${v.rule.name} ${v.from}`).sort(), [
      'schema-readers-below-the-analyzer src/core/schema/cdk.ts',
      'syntax-is-the-bottom-layer src/core/syntax/positions.ts',
    ]);
  });

  it('accept the CLI and the extension building on core', async () => {
    const found = await violations({
      'src/core/syntax/a.ts': 'export const a = 1;\n',
      'src/core/schema/s.ts': "import { a } from '../syntax/a';\nexport const s = a;\n",
      'src/core/analyzer/n.ts': "import { s } from '../schema/s';\nexport const n = s;\n",
      'src/core/a.ts': 'export const a = 1;\n',
      'src/cli/b.ts': "import { a } from '../core/a';\nexport const b = a;\n",
      'src/extension/c.ts': "import { a } from '../core/a';\nexport const c = a;\n",
    });
    assert.deepEqual(found, []);
  });
});
