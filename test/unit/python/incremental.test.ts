import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { PythonAnalyzer, analyzePython } from '../../../src/core/python/analyzePython';
import { loadPythonParser } from '../../../src/core/python/parser';
import { ORDERS } from './pythonFixtures';

/** A Python module of `blocks` functions (about 10 lines each), one of them a Scan. */
function source(blocks: number): string {
  const parts = [
    "import boto3\nfrom boto3.dynamodb.conditions import Key\ntable = boto3.resource('dynamodb').Table('Orders')\n\n",
  ];
  for (let i = 0; i < blocks; i++) {
    parts.push(
      `def handler_${i}(event, order_id):\n    total = 0\n    for line in event['lines']:\n        total += line['price'] * line['qty']\n` +
        `    item = {'pk': order_id, 'sk': 'LINE#${i}', 'total': total}\n    table.put_item(Item=item)\n` +
        `    res = table.query(KeyConditionExpression=Key('pk').eq(order_id))\n    return {'statusCode': 200, 'n': len(res['Items'])}\n\n`,
    );
  }
  parts.push('def report():\n    return table.scan()\n');
  return parts.join('');
}

/** Inserts one character inside a function body in the middle of the text, `k` times, re-parsing each time. */
function editLoop(
  text: string,
  k: number,
  reparse: (next: string, change: { start: number; oldLength: number; newLength: number }) => void,
): { text: string; ms: number } {
  let cur = text;
  const anchor = cur.indexOf('total = 0', Math.floor(cur.length / 2)) + 'total = '.length;
  const started = performance.now();
  for (let i = 0; i < k; i++) {
    const next = cur.slice(0, anchor) + String(i % 10) + cur.slice(anchor);
    reparse(next, { start: anchor, oldLength: 0, newLength: 1 });
    cur = next;
  }
  return { text: cur, ms: performance.now() - started };
}

describe('Python incremental parsing', () => {
  it('gives the same tree after an incremental edit as a fresh parse', async () => {
    const parser = await loadPythonParser();
    const text = source(20);
    let tree = parser.parse(text);
    let prev = text;
    const { text: edited } = editLoop(text, 5, (next, change) => {
      const t = parser.parse(next, { tree, text: prev, change });
      tree.delete();
      tree = t;
      prev = next;
    });
    const fresh = parser.parse(edited);
    assert.equal(tree.rootNode.toString(), fresh.rootNode.toString());
    tree.delete();
    fresh.delete();
  });

  it('re-parses an edit incrementally in far less time than a full parse of the same file', async () => {
    const parser = await loadPythonParser();
    const text = source(80);
    const measure = (incremental: boolean): number => {
      let tree = parser.parse(text);
      let prev = text;
      const { ms } = editLoop(text, 30, (next, change) => {
        const t = incremental ? parser.parse(next, { tree, text: prev, change }) : parser.parse(next);
        tree.delete();
        tree = t;
        prev = next;
      });
      tree.delete();
      return ms;
    };
    measure(true); // warm-up of the code paths
    // Medians of a few rounds, so one slow round on a busy machine does not decide.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const incremental: number[] = [];
    const full: number[] = [];
    for (let round = 0; round < 3; round++) {
      incremental.push(measure(true));
      full.push(measure(false));
    }
    assert.ok(
      median(incremental) < median(full) / 2,
      `incremental ${median(incremental).toFixed(1)} ms vs full ${median(full).toFixed(1)} ms`,
    );
  });

  it('finds the same operations after edits as a fresh analysis, and keeps the cost per edit flat', async () => {
    const analyzer = await PythonAnalyzer.create({ tables: [ORDERS] });
    try {
      const text = source(60);
      analyzer.update('a.py', text);
      let prev = text;
      const run = (k: number): number =>
        editLoop(prev, k, (next, change) => {
          analyzer.update('a.py', next, change);
          prev = next;
        }).ms;
      run(10);
      // n edits and 4n edits: the cost of one edit must not grow with the edits before it.
      const n = run(20);
      const n4 = run(80);
      assert.ok(n4 / n < 8, `80 edits took ${(n4 / n).toFixed(2)}× the time of 20`);
      const incremental = analyzer.update('a.py', prev);
      const fresh = await analyzePython('a.py', prev, { tables: [ORDERS] });
      assert.deepEqual(incremental.findings, fresh.findings);
      assert.equal(incremental.operations.length, fresh.operations.length);
      assert.ok(fresh.findings.some((f) => f.rule === 'scan'));
    } finally {
      analyzer.dispose();
    }
  });

  it('re-reads a statement when a module-level name it uses changes elsewhere', async () => {
    const analyzer = await PythonAnalyzer.create({ tables: [ORDERS] });
    try {
      const text =
        "import boto3\nNAME = 'Orders'\n\ndef f():\n    return boto3.resource('dynamodb').Table(NAME).scan()\n";
      assert.equal(analyzer.update('a.py', text).findings[0]?.table, 'Orders');
      const at = text.indexOf("'Orders'") + 1;
      const next = `${text.slice(0, at)}Audit${text.slice(at + 'Orders'.length)}`;
      const r = analyzer.update('a.py', next, { start: at, oldLength: 'Orders'.length, newLength: 'Audit'.length });
      assert.equal(r.findings[0]?.table, 'Audit');
      assert.equal(r.findings[0]?.offset, next.indexOf('scan()'));
    } finally {
      analyzer.dispose();
    }
  });
});
