// The CLI's one sentence for a Node older than package.json's `engines` allows, and silence otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unsupportedNode } from '../../../src/cli/main';

const engines = (
  JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { engines: { node: string } }
).engines.node;

test('package.json states the supported Node versions as a minimum major', () => {
  assert.equal(engines, '>=20');
});

test('an older Node gets one sentence naming the minimum and the running version', () => {
  assert.equal(
    unsupportedNode('v18.19.1', engines),
    'dynamo-guard needs Node.js 20 or later; this is Node.js 18.19.1.',
  );
  assert.equal(unsupportedNode('v18.19.1', engines)?.includes('\n'), false);
});

test('a supported Node, or no stated range (running from source), says nothing', () => {
  for (const version of ['v20.0.0', 'v20.20.2', 'v22.11.0', 'v24.9.0'])
    assert.equal(unsupportedNode(version, engines), undefined, version);
  assert.equal(unsupportedNode('v18.0.0', undefined), undefined);
});
