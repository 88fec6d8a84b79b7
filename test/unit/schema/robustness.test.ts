import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { schemasFromFile } from '../../../src/core/schema/discover';

const fixtures = join(__dirname, '../../fixtures/schema');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

// Deterministic PRNG so a failure reproduces.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

test('mutated fixtures (truncated, spliced, bracket-flipped) never throw and stay fast', () => {
  const next = random(42);
  const started = Date.now();
  let runs = 0;
  for (const file of filesUnder(fixtures)) {
    const text = readFileSync(file, 'utf8');
    const name = relative(fixtures, file);
    for (let i = 0; i < 15; i++) {
      const a = Math.floor(next() * text.length);
      const b = Math.min(text.length, a + Math.floor(next() * 40));
      const variants = [
        text.slice(0, a),
        text.slice(0, a) + text.slice(b),
        text.slice(0, a) + '{[(`"\'${' + text.slice(a),
        text.slice(0, a) + text.slice(a).replace(/[{}[\]]/, '}'),
      ];
      for (const variant of variants) {
        const result = schemasFromFile(name, variant);
        assert.ok(Array.isArray(result.tables) && Array.isArray(result.problems));
        runs++;
      }
    }
  }
  assert.ok(runs > 500);
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});

test('deep nesting is reported or ignored, not a crash', () => {
  const deepJson = '{"Resources":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001);
  assert.doesNotThrow(() => schemasFromFile('deep.template.json', deepJson));
  const deepHcl =
    'resource "aws_dynamodb_table" "t" {\n  x = ' + '{ a = '.repeat(5000) + '1' + ' }'.repeat(5000) + '\n}\n';
  assert.doesNotThrow(() => schemasFromFile('deep.tf', deepHcl));
  const deepTs =
    "import { Table } from 'aws-cdk-lib/aws-dynamodb';\nnew Table(this, 'T', " +
    '{ a: '.repeat(3000) +
    '1' +
    ' }'.repeat(3000) +
    ');\n';
  assert.doesNotThrow(() => schemasFromFile('deep.ts', deepTs));
});
