// The command-line parser's answer to typos: the nearest known option by edit distance, or the only
// one a cut-short option starts, and nothing for words that are far from every option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, editDistance, optionsHelp, parseArgs, UsageError } from '../../../src/cli/args';

test('edit distance counts inserted, deleted, replaced and swapped characters, ignoring case', () => {
  assert.equal(editDistance('format', 'format'), 0);
  assert.equal(editDistance('fromat', 'format'), 1);
  assert.equal(editDistance('fomat', 'format'), 1);
  assert.equal(editDistance('formatt', 'format'), 1);
  assert.equal(editDistance('formit', 'format'), 1);
  assert.equal(editDistance('Format', 'format'), 0);
  assert.equal(editDistance('', 'pk'), 2);
  assert.equal(editDistance('abc', 'xyz'), 3);
});

test('closest picks the nearest option within a third of the word, else the one it starts', () => {
  const known = [
    'pk',
    'sk',
    'sk-between',
    'endpoint-url',
    'cloudwatch-endpoint-url',
    'max-items',
    'max-read-units',
    'format',
  ];
  assert.equal(closest('fromat', known), 'format');
  assert.equal(closest('pj', known), 'pk');
  assert.equal(closest('endpoint', known), 'endpoint-url');
  assert.equal(closest('sk-betwen', known), 'sk-between');
  assert.equal(closest('max-item', known), 'max-items');
  // `max` starts two options: no guess.
  assert.equal(closest('max', known), undefined);
  assert.equal(closest('zzz', known), undefined);
  assert.equal(closest('', known), undefined);
});

test('an unknown option says which one was meant, and names like "constructor" are unknown, not inherited', () => {
  const spec = { format: { arity: 1 }, pk: { arity: 1 } };
  assert.throws(
    () => parseArgs(['--fromat', 'json'], spec),
    new UsageError('unknown option --fromat: did you mean --format?'),
  );
  assert.throws(() => parseArgs(['-pk', 'a'], spec), new UsageError('unknown option -pk: did you mean --pk?'));
  assert.throws(() => parseArgs(['--constructor'], spec), new UsageError('unknown option --constructor'));
  assert.throws(() => parseArgs(['--__proto__'], spec), new UsageError('unknown option --__proto__'));
});

test('option help is one aligned line per documented option', () => {
  const lines = optionsHelp(
    {
      pk: { arity: 1, value: '<value>', help: 'partition key' },
      'sk-between': { arity: 2, value: '<a> <b>', help: 'range' },
      projection: { arity: 1, repeatable: true, help: 'attributes' },
      help: { arity: 0 },
    },
    23,
  );
  assert.deepEqual(lines, [
    '  --pk <value>             partition key',
    '  --sk-between <a> <b>     range',
    '  --projection <value>...  attributes',
  ]);
});
