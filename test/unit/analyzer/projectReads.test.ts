// A project run walks its tree once and reads each file once: analysis, key-schema discovery and
// the resolution of relative imports share the walk and its reads. Counted at the fs seam every
// walk and read goes through, never timed.
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as fs from 'node:fs';
// The module object itself (not a namespace copy), so a mocked method is what every reader calls.
import nodeFs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { makeTempDir } from '../../harness/tempDirs';

const fixtures = path.resolve(__dirname, '../../fixtures');

/** A project with infrastructure (CDK, CloudFormation, Terraform) and a module imported across files. */
function project(): string {
  const root = makeTempDir('dg-reads-');
  nodeFs.cpSync(path.join(fixtures, 'schema/workspace'), root, { recursive: true });
  nodeFs.cpSync(path.join(fixtures, 'cli/reexport/src'), path.join(root, 'src/reexport'), { recursive: true });
  return root;
}

function counting(
  t: TestContext,
  root: string,
): { reads: Map<string, number>; listings: Map<string, number>; asyncListings: () => number } {
  const reads = new Map<string, number>();
  const listings = new Map<string, number>();
  const inRoot = (p: unknown): string | undefined => {
    const rel = path.relative(root, String(p));
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel || '.';
  };
  const realRead = nodeFs.readFileSync;
  t.mock.method(nodeFs, 'readFileSync', ((file: fs.PathOrFileDescriptor, options?: unknown) => {
    const rel = inRoot(file);
    if (rel !== undefined) reads.set(rel, (reads.get(rel) ?? 0) + 1);
    return realRead(file, options as never);
  }) as typeof fs.readFileSync);
  const realList = nodeFs.readdirSync;
  t.mock.method(nodeFs, 'readdirSync', ((dir: fs.PathLike, options?: unknown) => {
    const rel = inRoot(dir);
    if (rel !== undefined) listings.set(rel, (listings.get(rel) ?? 0) + 1);
    return realList(dir, options as never);
  }) as typeof fs.readdirSync);
  // The separate schema discovery walks with fs.promises; a run that shares the walk never calls it.
  const asyncList = t.mock.method(nodeFs.promises, 'readdir');
  const asyncRead = t.mock.method(nodeFs.promises, 'readFile');
  return { reads, listings, asyncListings: () => asyncList.mock.callCount() + asyncRead.mock.callCount() };
}

const moreThanOnce = (counts: ReadonlyMap<string, number>): string[] =>
  [...counts].filter(([, n]) => n > 1).map(([p, n]) => `${p} x${n}`);

test('a run over the whole project with schema discovery lists each folder once and reads each file once', async (t) => {
  const root = project();
  const { reads, listings, asyncListings } = counting(t, root);
  const result = await analyzeProject({ root, discoverSchemas: true });

  // What the shared walk and reads feed: a finding through the re-exported import, and the schemas of the infrastructure.
  assert.ok(
    result.findings.some((f) => f.file === 'src/reexport/use.ts' && f.rule === 'scan'),
    JSON.stringify(result.findings),
  );
  assert.ok(result.tables.length > 0, 'key schemas are discovered');
  assert.ok(reads.get('src/reexport/db.ts'), 'the imported module is read');
  assert.deepEqual(moreThanOnce(reads), [], 'files read more than once');
  assert.ok(listings.size > 1, 'the tree is walked');
  assert.deepEqual(moreThanOnce(listings), [], 'folders listed more than once');
  assert.equal(asyncListings(), 0, 'no second walk for key schemas');
});

test('check . from the project root lists each folder once and reads each file once, with key schemas from the same walk', async (t) => {
  const root = project();
  nodeFs.writeFileSync(path.join(root, 'dynamo-guard.config.json'), '{}\n');
  const { reads, listings, asyncListings } = counting(t, root);
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => undefined,
    cwd: root,
    env: {},
    isTty: false,
  };
  assert.equal(await runCli(['check', '.', '--format', 'json'], io), 1);

  assert.ok(stdout.includes('src/reexport/use.ts'), stdout);
  assert.deepEqual(moreThanOnce(reads), [], 'files read more than once');
  assert.deepEqual(moreThanOnce(listings), [], 'folders listed more than once');
  assert.equal(asyncListings(), 0, 'no second walk for key schemas');
});
