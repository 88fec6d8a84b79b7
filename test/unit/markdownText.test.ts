// Names and values that others control, inside the Markdown of hovers and tooltips and inside
// notifications: rendered by a permissive CommonMark reader, they stay exactly their text.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownCode, markdownText, notificationText } from '../../src/core/markdownText';
import { HOSTILE_NAMES, renderedTags, renderedText } from '../harness/markdownRender';

describe('markdownText', () => {
  for (const name of HOSTILE_NAMES) {
    it(`renders ${JSON.stringify(name)} as its own text, on one line, without any element`, () => {
      const md = `Table ${markdownText(name)} is read.`;
      assert.deepEqual(renderedTags(md), ['p']);
      assert.equal(renderedText(md), `Table ${name.replace(/[\r\n]/g, ' ')} is read.`.trim());
    });
  }

  it('escapes theme icons and keeps plain words unchanged', () => {
    assert.equal(markdownText('$(bug)'), '\\$\\(bug\\)');
    assert.equal(markdownText('orders 2024'), 'orders 2024');
  });
});

describe('markdownCode', () => {
  for (const name of HOSTILE_NAMES) {
    it(`shows ${JSON.stringify(name)} verbatim inside one code span`, () => {
      const md = `Table ${markdownCode(name)} is read.`;
      assert.deepEqual(renderedTags(md), ['code', 'p']);
      const shown = name.replace(/[\r\n]/g, ' ');
      assert.equal(renderedText(md), `Table ${shown === '' ? ' ' : shown} is read.`);
    });
  }

  it('uses one backtick for plain names', () => {
    assert.equal(markdownCode('orders'), '`orders`');
  });
});

describe('notificationText', () => {
  it('splits every [label](target) so VS Code cannot make a link of it, and keeps one line', () => {
    const text = notificationText('Could not read [run](command:evil) on\nhost [a](http://x)');
    assert.doesNotMatch(text, /\]\(/);
    assert.doesNotMatch(text, /\n/);
    assert.equal(text, 'Could not read [run] (command:evil) on host [a] (http://x)');
  });
});
