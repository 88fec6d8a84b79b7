import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { moduleCandidates } from '../../../src/core/analyzer/moduleCandidates';

describe('moduleCandidates', () => {
  const from = path.resolve('/repo/src/handlers/list.ts');

  it('tries the exact path, then source extensions, then index files', () => {
    const c = moduleCandidates(from, '../lib/db');
    assert.equal(c[0], path.resolve('/repo/src/lib/db'));
    assert.equal(c[1], path.resolve('/repo/src/lib/db.ts'));
    assert.ok(c.indexOf(path.resolve('/repo/src/lib/db.js')) > c.indexOf(path.resolve('/repo/src/lib/db.ts')));
    assert.equal(c.at(-1), path.resolve('/repo/src/lib/db/index.mjs'));
  });

  it('maps an ESM `./x.js` import to the TypeScript source it means', () => {
    const c = moduleCandidates(from, './db.js');
    assert.deepEqual(c.slice(-2), [
      path.resolve('/repo/src/handlers/db.ts'),
      path.resolve('/repo/src/handlers/db.tsx'),
    ]);
  });

  it('leaves package imports alone', () => {
    assert.deepEqual(moduleCandidates(from, '@aws-sdk/client-dynamodb'), []);
  });
});
