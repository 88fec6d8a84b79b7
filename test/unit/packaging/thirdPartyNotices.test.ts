// The production build: every package the bundles contain is named in ThirdPartyNotices.txt with
// its license, and no bundle loads a library from node_modules at run time (none ship).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules, createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';

interface BuildScript {
  buildAll(options: { production?: boolean; outdir?: string; noticesFile?: string }): Promise<Metafile[]>;
}

const root = join(__dirname, '../../..');
const build = createRequire(__filename)(join(root, 'esbuild.js')) as BuildScript;
let tmp: string;
let metafiles: Metafile[];
let notices: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dg-notices-'));
  metafiles = await build.buildAll({
    production: true,
    outdir: join(tmp, 'dist'),
    noticesFile: join(tmp, 'ThirdPartyNotices.txt'),
  });
  notices = readFileSync(join(tmp, 'ThirdPartyNotices.txt'), 'utf8');
});

after(() => rmSync(tmp, { recursive: true, force: true }));

/** name@version of each package folder an input of the bundles lies in, read from its package.json. */
function packagesInMetafiles(): Set<string> {
  const ids = new Set<string>();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (!match) continue;
      const manifest = JSON.parse(readFileSync(join(root, match[1] as string, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      ids.add(`${manifest.name}@${manifest.version}`);
    }
  }
  return ids;
}

test('names every package of the bundles, with its license', () => {
  const ids = packagesInMetafiles();
  const names = new Set([...ids].map((id) => id.slice(0, id.lastIndexOf('@'))));
  for (const expected of [
    'typescript',
    'yaml',
    'ignore',
    '@vscode/codicons',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-cloudwatch',
    '@smithy/core',
  ]) {
    assert.ok(names.has(expected), `${expected} is bundled`);
  }
  const headings = new Set([...notices.matchAll(/^(\S+@\d\S*) \((\S+)\)$/gm)].map((m) => m[1]));
  const missing = [...ids].filter((id) => !headings.has(id));
  assert.deepEqual(missing, []);
  assert.equal(headings.size, ids.size, 'no package is named that the bundles do not contain');
});

test('gives each package its license text, or the SPDX license whose text is given for another', () => {
  const sections = notices.split(/^-{78}$/m).slice(1);
  assert.ok(sections.length > 10);
  for (const section of sections) {
    const body = section.split('\n').slice(2).join('\n');
    assert.match(body, /licen[cs]e|copyright|permission/i, section.slice(0, 200));
  }
  assert.match(notices, /^typescript@\S+ \(Apache-2\.0\)$/m);
  assert.match(notices, /Apache License\s+Version 2\.0/);
  // TypeScript's own notices for what it contains travel with it.
  assert.match(notices, /TypeScript ThirdPartyNotices/);
});

test('no bundle loads a library at run time: only Node built-ins and vscode stay external', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const externals = new Set<string>();
  for (const metafile of metafiles) {
    for (const output of Object.values(metafile.outputs)) {
      for (const imported of output.imports) if (imported.external) externals.add(imported.path);
    }
  }
  // TypeScript tries `require("source-map-support")` inside a try/catch and goes on without it.
  const optional = new Set(['source-map-support']);
  const libraries = [...externals].filter(
    (p) => !builtins.has(p) && !optional.has(p) && p !== 'vscode' && !/^\.\/(analyzer|aws)\.js$/.test(p),
  );
  assert.deepEqual(libraries, []);
});
