// Loads the Python grammar (web-tree-sitter + tree-sitter-python's .wasm) on first use and parses
// texts, re-using the previous tree after an edit so that re-analysis touches only what changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Edit, Language, Node, Parser, Point, Tree } from 'web-tree-sitter';
import { errorMessage } from '../errorMessage';

export type { Node as PyNode, Tree as PyTree } from 'web-tree-sitter';

/** One replaced span of the previous text (0-based UTF-16 offsets), as editors report changes. */
export interface TextChange {
  start: number;
  oldLength: number;
  newLength: number;
}

export interface PythonParser {
  /** Parses `text`; with the previous tree and text and the one change between them, incrementally. */
  parse(text: string, previous?: { tree: Tree; text: string; change: TextChange }): Tree;
}

const RUNTIME_WASM = 'tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-python.wasm';
const CHUNK = 4096;

let loading: Promise<PythonParser> | undefined;

/**
 * The parser, loaded once per process. The .wasm files sit beside the bundle in `dist/`; from
 * sources (tests, scripts) they are read from the two npm packages.
 */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw new Error(`The Python parser could not be loaded: ${errorMessage(err)}.`);
  });
  return loading;
}

async function load(): Promise<PythonParser> {
  const ts = await import('web-tree-sitter');
  const runtime = locate(RUNTIME_WASM, 'web-tree-sitter');
  await ts.Parser.init({ locateFile: (name: string) => (name === RUNTIME_WASM ? runtime : name) });
  const language: Language = await ts.Language.load(fs.readFileSync(locate(GRAMMAR_WASM, 'tree-sitter-python')));
  const parser: Parser = new ts.Parser();
  parser.setLanguage(language);
  return {
    parse(text, previous) {
      let old: Tree | undefined;
      if (previous && previous.text.length - previous.change.oldLength + previous.change.newLength === text.length) {
        previous.tree.edit(editOf(previous.text, text, previous.change));
        old = previous.tree;
      }
      // Chunks, not `text.slice(index)`: the binding copies what the callback returns into the parser's memory.
      const tree = parser.parse((index) => text.slice(index, index + CHUNK), old ?? null);
      if (!tree) throw new Error('the Python parser returned no tree');
      return tree;
    },
  };
}

function locate(file: string, pkg: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  // Both packages let their .wasm be resolved by name (web-tree-sitter's `exports` lists it).
  return require.resolve(`${pkg}/${file}`);
}

/** tree-sitter wants the change's end before and after as points too. */
function editOf(oldText: string, newText: string, change: TextChange): Edit {
  return {
    startIndex: change.start,
    oldEndIndex: change.start + change.oldLength,
    newEndIndex: change.start + change.newLength,
    startPosition: pointAt(oldText, change.start),
    oldEndPosition: pointAt(oldText, change.start + change.oldLength),
    newEndPosition: pointAt(newText, change.start + change.newLength),
  };
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Named children of a node, without the allocation-heavy array getter on hot paths. */
export function namedChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c) out.push(c);
  }
  return out;
}
