// The packages as a user gets them. From a clean clone of this repository's committed HEAD (its
// node_modules linked from the repository): plain `vsce package` makes a .vsix with the icon, the
// config schema, the notices and the walkthrough, and no source maps, CLI or node_modules; `npm pack`
// makes a CLI package that installs with no dependencies into a project outside the repository,
// where `npx dynamo-guard check .` finds a Scan and `tables` against DynamoDB Local prints nothing
// on stderr (no AWS SDK Node-version notice).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testDynamoDb } from '../harness/testDynamoDb';
import { zipEntries, zipRead } from '../harness/zip';

const repoRoot = path.resolve(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let tmp: string;
let clone: string;
let env: NodeJS.ProcessEnv;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-packaging-'));
  clone = path.join(tmp, 'clone');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone], { stdio: ['ignore', 'ignore', 'pipe'] });
  // What `npm ci` would install: the repository's own node_modules, linked.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  // Nested npm runs must not read back the configuration of an outer `npm test`; the CLI's code cache stays in the temp folder.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.DYNAMO_GUARD_COMPILE_CACHE = path.join(tmp, 'v8-cache');
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function run(
  cmd: string,
  args: string[],
  cwd: string,
  extraEnv: NodeJS.ProcessEnv = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

test('`vsce package` without flags packs the extension: icon, schema, notices, walkthrough; no maps, CLI or node_modules', (t) => {
  const vsce = path.join(clone, 'node_modules/@vscode/vsce/vsce');
  const r = run(process.execPath, [vsce, 'package'], clone);
  assert.equal(r.code, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')) as {
    version: string;
    icon: string;
    contributes: {
      jsonValidation: { url: string }[];
      walkthroughs: { steps: { media: { markdown?: string; image?: string } }[] }[];
    };
  };
  const vsix = path.join(clone, `dynamo-guard-${manifest.version}.vsix`);
  t.diagnostic(`.vsix: ${kib(fs.statSync(vsix).size)}`);
  const files = zipEntries(vsix).map((e) => e.name);
  const expected = [
    manifest.icon,
    ...manifest.contributes.jsonValidation.map((v) => v.url.replace(/^\.\//, '')),
    ...manifest.contributes.walkthroughs.flatMap((w) =>
      w.steps.map((s) => (s.media.markdown ?? s.media.image) as string),
    ),
    'ThirdPartyNotices.txt',
    'dist/extension.js',
    'dist/analyzer.js',
    'dist/aws.js',
    'dist/webview.js',
    'dist/webview.css',
    'dist/codicon.ttf',
  ].map((f) => `extension/${f}`);
  assert.deepEqual(
    expected.filter((f) => !files.includes(f)),
    [],
    `missing from the .vsix; it holds:\n${files.join('\n')}`,
  );
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map') || f.includes('node_modules/') || f === 'extension/dist/cli.js'),
    [],
  );
  const notices = zipRead(vsix, 'extension/ThirdPartyNotices.txt').toString('utf8');
  assert.match(notices, /^typescript@\S+ \(Apache-2\.0\)$/m);
  // README images resolve on the Marketplace and Open VSX: no relative image links are left.
  const readme = zipRead(vsix, 'extension/readme.md').toString('utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1] as string);
  assert.ok(images.length > 0);
  assert.deepEqual(
    images.filter((src) => !/^https:\/\//.test(src)),
    [],
  );
});

test('`npm pack` packs the CLI, which installs with no dependencies outside the repository and checks a project', async (t) => {
  const packed = run(npm, ['pack', '--pack-destination', tmp, '--loglevel=error'], clone);
  assert.equal(packed.code, 0, `npm pack failed:\n${packed.stderr}`);
  const tarball = path.join(tmp, packed.stdout.trim().split('\n').pop() as string);
  const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of ['dist/cli.js', 'dist/analyzer.js', 'dist/aws.js', 'ThirdPartyNotices.txt', 'LICENSE', 'README.md'])
    assert.ok(entries.includes(`package/${f}`), `${f} is packed`);
  assert.deepEqual(
    entries.filter((f) => f.endsWith('.map') || /^package\/(src|test|node_modules)\//.test(f)),
    [],
  );

  const project = path.join(tmp, 'project');
  fs.mkdirSync(path.join(project, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'packaging-probe', version: '1.0.0', private: true }),
  );
  const installed = run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], project);
  assert.equal(installed.code, 0, `npm install failed:\n${installed.stderr}`);
  const modules = fs.readdirSync(path.join(project, 'node_modules')).filter((f) => !f.startsWith('.'));
  assert.deepEqual(modules, ['dynamo-guard'], 'the CLI brings no dependencies');
  t.diagnostic(
    `tarball: ${kib(fs.statSync(tarball).size)}; installed: ${kib(folderSize(path.join(project, 'node_modules')))}`,
  );

  fs.copyFileSync(
    path.join(repoRoot, 'test/fixtures/workspace/src/listOrders.ts'),
    path.join(project, 'src/listOrders.ts'),
  );
  const check = run(npx, ['--no-install', 'dynamo-guard', 'check', '.'], project);
  assert.equal(check.code, 1, `a finding exits 1:\n${check.stdout}\n${check.stderr}`);
  assert.match(check.stdout, /src\/listOrders\.ts:6:\d+/);
  assert.match(check.stdout, /\bscan\b/);
  assert.equal(check.stderr, '');

  const ddb = await testDynamoDb();
  const tables = run(
    npx,
    ['--no-install', 'dynamo-guard', 'tables', '--endpoint-url', ddb.endpoint, '--region', ddb.region],
    project,
    {
      AWS_ACCESS_KEY_ID: ddb.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ddb.credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  );
  assert.equal(tables.code, 0, `tables failed:\n${tables.stdout}\n${tables.stderr}`);
  assert.equal(tables.stderr, '', 'an AWS command prints nothing on stderr on a supported Node');
});
