import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer, analyzeSource } from '../../../src/core/entries/analyzer';
import { decodeSource } from '../../../src/core/workspace/sourceText';
import { mutate as mutateBytes } from '../../harness/sourceMutations';
import { seededRandom } from '../../harness/seededRandom';
import { FIXTURES, ORDERS, resolveFixtureModule } from './analyzerFixtures';

const ITERATIONS = 300;
const BUDGET_MS = 2000;
// Generous: the budget is checked while walking, and parsing happens before the first check.
const BOUND_MS = BUDGET_MS * 3;

function fixtureSources(): Array<{ fileName: string; text: string }> {
  const out: Array<{ fileName: string; text: string }> = [];
  for (const dir of fs.readdirSync(FIXTURES)) {
    for (const f of fs.readdirSync(path.join(FIXTURES, dir))) {
      const fileName = path.join(FIXTURES, dir, f);
      out.push({ fileName, text: fs.readFileSync(fileName, 'utf8') });
    }
  }
  return out;
}

const FRAGMENTS = [
  '`',
  '${',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  '/*',
  '//',
  '\n',
  'new ',
  '.scan(',
  'ScanCommand',
  'TableName: ',
  '\u0000',
  '\ufffd',
  '<div>',
  '=>',
  ';',
  '...',
  'as const',
  '#',
  '@',
];

function mutate(text: string, next: () => number): string {
  let t = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(next() * (t.length + 1));
    const op = Math.floor(next() * 4);
    if (op === 0) t = t.slice(0, at) + (FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] as string) + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + Math.floor(next() * 40));
    else if (op === 2) {
      const len = Math.floor(next() * 200);
      t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
    } else t = t.slice(at) + t.slice(0, at);
  }
  return t;
}

describe('fuzz', () => {
  it(`analyzes ${ITERATIONS} mutated fixture sources without throwing, each within the time bound`, () => {
    const sources = fixtureSources();
    let seed = 20261122;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const analyzer = new Analyzer({ tables: [ORDERS], resolveModule: resolveFixtureModule, timeBudgetMs: BUDGET_MS });
    let slowest = 0;
    let errors = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const src = sources[i % sources.length] as { fileName: string; text: string };
      const text = mutate(src.text, next);
      const r =
        i % 2 === 0
          ? analyzeSource(src.fileName, text, {
              tables: [ORDERS],
              resolveModule: resolveFixtureModule,
              timeBudgetMs: BUDGET_MS,
            })
          : analyzer.analyze(src.fileName, text);
      assert.ok(Array.isArray(r.findings) && Array.isArray(r.operations));
      for (const f of r.findings)
        assert.ok(
          f.line >= 1 && f.column >= 1 && f.offset <= f.endOffset && f.endOffset <= text.length,
          `bad range in iteration ${i}`,
        );
      if (r.error) errors++;
      slowest = Math.max(slowest, r.durationMs);
      assert.ok(r.durationMs < BOUND_MS, `iteration ${i} took ${r.durationMs} ms`);
    }
    console.log(`  fuzz: ${ITERATIONS} iterations, slowest ${slowest.toFixed(1)} ms, ${errors} analysis errors`);
    assert.equal(errors, 0, 'mutations of small sources should never need the error path');
  });

  // bench/fuzz.ts runs the same mutations on 10,000+ files; this keeps a fast sample in every test run.
  it('analyzes 150 byte-level mutants (truncations, flips, deep nesting, long lines, encodings) and stays usable after each', () => {
    const sources = fixtureSources().map((s) => ({ ...s, bytes: Buffer.from(s.text) }));
    const next = seededRandom(20261122);
    const control = sources.find((s) => s.fileName.endsWith('v3Client.ts')) as { fileName: string; text: string };
    const expected = analyzeSource(control.fileName, control.text, { tables: [ORDERS] }).findings.length;
    let analyzed = 0;
    for (let i = 0; i < 150; i++) {
      const src = sources[i % sources.length] as { fileName: string; text: string; bytes: Buffer };
      const mutant = mutateBytes(src.bytes, next, { scale: 3000, donors: sources.map((s) => s.bytes) });
      const read = decodeSource(mutant.bytes);
      if (!read.ok) continue;
      analyzed++;
      const r = analyzeSource(src.fileName, read.text, { tables: [ORDERS], timeBudgetMs: BUDGET_MS });
      const where = `mutant ${i} of ${path.basename(src.fileName)} [${mutant.ops.join('; ')}]`;
      for (const f of r.findings)
        assert.ok(f.line >= 1 && f.offset <= f.endOffset && f.endOffset <= read.text.length, `bad range: ${where}`);
      assert.ok(r.durationMs < BOUND_MS, `${where} took ${r.durationMs} ms`);
      // A failed parse must not leave the parser broken for the next file.
      assert.equal(
        analyzeSource(control.fileName, control.text, { tables: [ORDERS] }).findings.length,
        expected,
        `after ${where}`,
      );
    }
    assert.ok(analyzed > 100, `only ${analyzed} mutants decoded as text`);
  });
});
