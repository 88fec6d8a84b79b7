import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisErrorFinding } from '../../../src/core/analyzer/analysisError';

test('a file the analyzer could not finish gets one error on its first line, saying why', () => {
  const f = analysisErrorFinding('a.py', 'import boto3\ntable.scan()\n', 'internal error: boom');
  assert.deepEqual(
    { rule: f.rule, severity: f.severity, line: f.line, endLine: f.endLine, endColumn: f.endColumn },
    { rule: 'analysis-error', severity: 'error', line: 1, endLine: 1, endColumn: 13 },
  );
  assert.equal(f.message, 'Dynamo Guard skipped this file: internal error: boom.');
  const empty = analysisErrorFinding('t.vtl', '', 'the template is nested too deeply to analyze');
  assert.deepEqual([empty.line, empty.column, empty.offset, empty.endOffset], [1, 1, 0, 0]);
});
