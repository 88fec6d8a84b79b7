import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { type PythonAnalysis, PythonAnalyzer } from '../../../src/core/python/analyzePython';
import type { TextChange } from '../../../src/core/python/parser';
import { ORDERS } from './pythonFixtures';

/** A module of wrappers (functions, a method) and `handlers` functions calling them, 13 lines each. */
function source(handlers: number): string {
  const parts = [
    'import boto3\nfrom boto3.dynamodb.conditions import Key\n',
    "TABLE = 'Orders'\ntable = boto3.resource('dynamodb').Table(TABLE)\nPREFIX = 'ORDER'\n\n",
    'def note(order_id):\n    return order_id\n\n',
    "def key_for(kind, n):\n    return f'{PREFIX}#{kind}#{n}'\n\n",
    "def put_order(order_id, total):\n    table.put_item(Item={'pk': order_id, 'total': total})\n\n",
    "def get_order(order_id):\n    return table.get_item(Key={'pk': order_id})\n\n",
    "class Repo:\n    def load(self, order_id):\n        return table.query(KeyConditionExpression=Key('pk').eq(order_id))\n\n",
  ];
  for (let i = 0; i < handlers; i++) {
    parts.push(
      `def handler_${i}(event):\n    total = event['total']\n    put_order(event['id'], total)\n    put_order(key_for('line', ${i}), total)\n` +
        `    repo = Repo()\n    repo.load(event['id'])\n    found = get_order(event['id'])\n    if not found:\n` +
        `        return get_order(event['key'])\n    note('NOTE')\n    data = {'n': ${i}, 'total': total}\n    return data\n\n`,
    );
  }
  return parts.join('');
}

/** Replaces the `occurrence`-th `search` (0-based) with `by`: the new text and the change. */
function edit(text: string, search: string, by: string, occurrence = 0): { text: string; change: TextChange } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(search, at + 1);
    assert.ok(at >= 0, `no ${search} #${occurrence} in the text`);
  }
  return {
    text: text.slice(0, at) + by + text.slice(at + search.length),
    change: { start: at, oldLength: search.length, newLength: by.length },
  };
}

const wrapped = (r: PythonAnalysis): number => r.operations.filter((o) => o.callChain).length;

describe('Python incremental analysis with wrappers', () => {
  it('gives the same findings and operations as a full analysis after each edit, in and around wrappers', async () => {
    const live = await PythonAnalyzer.create({ tables: [ORDERS] });
    const full = await PythonAnalyzer.create({ tables: [ORDERS] });
    try {
      let text = source(12);
      const first = live.update('a.py', text);
      assert.ok(wrapped(first) > 10, 'the wrapper calls are re-stated');
      const steps: Array<[string, string, number?]> = [
        // Typing inside a handler, away from any call.
        ["data = {'n': 5", "datax = {'n': 5"],
        ["datax = {'n': 5", "data = {'n': 5"],
        // At a call site: the argument becomes a constant, then a parameter-free expression, then goes back.
        ["found = get_order(event['id'])", "found = get_order('ORDER#7')", 7],
        ["found = get_order('ORDER#7')", 'found = get_order(total)'],
        ['found = get_order(total)', "found = get_order(event['id'])"],
        // Calling another wrapper, and a name that is no wrapper.
        ["put_order(event['id'], total)", "get_order('ORDER#3')", 3],
        ["get_order('ORDER#3')", "print('ORDER#3', total)"],
        ["print('ORDER#3', total)", "put_order('ORDER#3', total)"],
        ["repo.load(event['id'])", 'repo.load(PREFIX)', 5],
        // In a wrapper's body: the key attribute, then the parameter no longer reaching the key, then back.
        ["Item={'pk': order_id", "Item={'pkx': order_id"],
        ["Item={'pkx': order_id", "Item={'pk': 'FIXED'"],
        ["Item={'pk': 'FIXED'", "Item={'pk': order_id"],
        // In a method wrapper's body, and renaming a wrapper away from its calls and back.
        ["Key('pk').eq(order_id)", "Key('sk').eq(order_id)"],
        ['def get_order(order_id)', 'def get_orders(order_id)'],
        ['def get_orders(order_id)', 'def get_order(order_id)'],
        // A module-level name the call sites' arguments read, and one only the wrappers read.
        ["PREFIX = 'ORDER'", "PREFIX = 'ORD'"],
        ["TABLE = 'Orders'", "TABLE = 'Audit'"],
        // A function becoming a wrapper, and ceasing to be one.
        ['    return order_id\n', "    return table.get_item(Key={'pk': order_id})\n"],
        ["    return table.get_item(Key={'pk': order_id})\n", "    return table.get_item(Key={'pk': 'X'})\n"],
        // A statement inserted before everything: all cached results move.
        ['import boto3\n', 'import boto3\nLIMIT = 10\n'],
        // A wrapper defined twice: which one a call means changes.
        ['class Repo:', 'def put_order(order_id, total):\n    return None\n\nclass Repo:'],
        ['def put_order(order_id, total):\n    return None\n\n', ''],
        // Deleting a wrapper call outright.
        ["    put_order(key_for('line', 4), total)\n", ''],
      ];
      for (const [search, by, occurrence] of steps) {
        const next = edit(text, search, by, occurrence ?? 0);
        text = next.text;
        const a = live.update('a.py', text, next.change);
        full.forget('a.py');
        const b = full.update('a.py', text);
        assert.deepEqual(a.findings, b.findings, `findings after ${search} → ${by}`);
        assert.deepEqual(a.operations, b.operations, `operations after ${search} → ${by}`);
      }
      assert.ok(wrapped(full.update('a.py', text)) > 10);
    } finally {
      live.dispose();
      full.dispose();
    }
  });

  it('re-analyzes one edit of a 3,000-line file with many wrapper calls in far less time than a full analysis', async () => {
    const live = await PythonAnalyzer.create({ tables: [ORDERS] });
    const full = await PythonAnalyzer.create({ tables: [ORDERS] });
    try {
      let text = source(250);
      assert.ok(text.split('\n').length > 3000);
      live.update('a.py', text);
      const anchor = text.indexOf('data = {', text.length >> 1);
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
      // Each edit is timed next to a full analysis of the same text, so a busy spell of the machine
      // slows both sides of the comparison alike.
      const incremental: number[] = [];
      const fresh: number[] = [];
      for (let i = 0; i < 16; i++) {
        const change: TextChange =
          i % 2 === 0 ? { start: anchor, oldLength: 0, newLength: 1 } : { start: anchor, oldLength: 1, newLength: 0 };
        text =
          i % 2 === 0
            ? `${text.slice(0, anchor)}x${text.slice(anchor)}`
            : text.slice(0, anchor) + text.slice(anchor + 1);
        let t = performance.now();
        live.update('a.py', text, change);
        incremental.push(performance.now() - t);
        full.forget('a.py');
        t = performance.now();
        full.update('a.py', text);
        fresh.push(performance.now() - t);
      }
      // Medians, so one slow round on a busy machine does not decide.
      assert.ok(
        median(incremental) < median(fresh) / 4,
        `incremental ${median(incremental).toFixed(1)} ms vs full ${median(fresh).toFixed(1)} ms`,
      );
    } finally {
      live.dispose();
      full.dispose();
    }
  });
});
