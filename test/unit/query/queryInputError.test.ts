// An input error is recognised whichever bundle's copy of the class threw it (the AWS module loads
// as its own esbuild bundle), and an unrelated error that merely shares the name is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { buildSync } from 'esbuild';
import { QueryInputError, isQueryInputError, parseKeyValue } from '../../../src/core/query/keyValue';
import type * as KeyValueModule from '../../../src/core/query/keyValue';

/** A second copy of keyValue.ts, bundled by esbuild the way the lazily loaded AWS module is. */
function otherBundle(): typeof KeyValueModule {
  const built = buildSync({
    entryPoints: [path.join(__dirname, '../../../src/core/query/keyValue.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    external: ['@aws-sdk/*'],
  });
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (module, exports, require) {${built.outputFiles[0]!.text}\n})`)(
    module,
    module.exports,
    require,
  );
  return module.exports as typeof KeyValueModule;
}

test('recognises an input error thrown by another bundle copy of the class', () => {
  const copy = otherBundle();
  let thrown: unknown;
  try {
    copy.parseKeyValue('abc', { name: 'orderNumber', type: 'N' });
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof Error);
  assert.equal(thrown instanceof QueryInputError, false, 'instanceof fails across bundles: the reason for the brand');
  assert.equal(isQueryInputError(thrown), true);
  assert.equal(copy.isQueryInputError(new QueryInputError('x')), true, 'and the other way round');
});

test('recognises its own input errors and nothing else', () => {
  assert.throws(
    () => parseKeyValue('abc', { name: 'n', type: 'N' }),
    (err) => isQueryInputError(err),
  );
  const lookalike = new Error('Access denied');
  lookalike.name = 'QueryInputError';
  for (const other of [
    lookalike,
    new Error('x'),
    'QueryInputError',
    null,
    undefined,
    { name: 'QueryInputError', message: 'x' },
  ]) {
    assert.equal(isQueryInputError(other), false, String(other));
  }
});
