// The analyzer bundle reaches TypeScript through plain bindings: one copy of the package, read once,
// and no namespace object of getters per importing file (every `ts.X` would call two getters).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BuildOptions } from 'esbuild';

const root = join(__dirname, '../../..');
const load = createRequire(__filename);
const script = load(join(root, 'esbuild.js')) as {
  bundleOptions(options: { production?: boolean; outdir?: string }): BuildOptions[];
};
let tmp: string;
let bundle: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dg-ts-bundle-'));
  const outdir = join(tmp, 'dist');
  const options = script
    .bundleOptions({ outdir })
    .find((o) => Object.keys(o.entryPoints as Record<string, string>).includes('analyzer'));
  assert.ok(options, 'esbuild.js builds an analyzer bundle');
  await esbuild.build({ ...options, sourcemap: false, metafile: false, logLevel: 'silent' });
  bundle = join(outdir, 'analyzer.js');
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('the analyzer bundle loads TypeScript once and wraps it in no getter namespace', () => {
  const code = readFileSync(bundle, 'utf8');
  assert.equal(code.match(/require_typescript\(\)/g)?.length, 1);
  assert.doesNotMatch(code, /__toESM\d*\(require_typescript\(\)\)/);
});

test('the analyzer bundle still finds a Scan with the flattened TypeScript', () => {
  const engine = load(bundle) as {
    analyzeSource(file: string, text: string, options: { tables: [] }): { findings: Array<{ rule: string }> };
  };
  const text =
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\n" +
    "await new DynamoDBClient({}).send(new ScanCommand({ TableName: 'Orders' }));\n";
  const rules = engine.analyzeSource('a.ts', text, { tables: [] }).findings.map((f) => f.rule);
  assert.ok(rules.includes('scan'), rules.join(', '));
});
