// Parses JS/TS text with the TypeScript parser (error-tolerant), whole or only the edited region,
// and keeps the parser usable after a parse that throws.
import * as ts from 'typescript';

export function scriptKindFromName(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * No rule reads JSDoc (an ignore comment is found as a comment either way), so its comments stay
 * trivia: parsing their tags costs time on every documented declaration.
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

/** Throws on text the parser cannot handle (a RangeError on deep nesting), leaving the parser usable. */
export function parseSource(fileName: string, text: string): ts.SourceFile {
  try {
    return ts.createSourceFile(fileName, text, PARSE_OPTIONS, true, scriptKindFromName(fileName));
  } catch (err) {
    resetParser(fileName, text.length);
    throw err;
  }
}

/**
 * TypeScript's parser keeps module-level state that only a parse that completes clears. A parse that
 * throws leaves behind the JSDoc diagnostics of its file, and every later parse of any other file
 * then fails on them ("Debug Failure. Expected a.js === b.ts"): one deeply nested file would make
 * every file after it an analysis error. A blank text of the same name and length parses, accepts
 * those diagnostics, and clears the state.
 */
function resetParser(fileName: string, length: number): void {
  try {
    ts.createSourceFile(fileName, ' '.repeat(length), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  } catch {
    // Nothing more can be done; the next parse reports its own failure.
  }
}

/** A text edit as editors report it: `oldLength` characters at `start` became `newLength` characters. */
export interface TextChange {
  start: number;
  oldLength: number;
  newLength: number;
}

/**
 * Re-parses only the edited region. `ts.updateSourceFile` consumes the old tree, so callers must
 * drop it afterwards.
 */
export function reparseSource(previous: ts.SourceFile, text: string, change: TextChange): ts.SourceFile {
  const fileName = previous.fileName;
  try {
    return ts.updateSourceFile(previous, text, {
      span: { start: change.start, length: change.oldLength },
      newLength: change.newLength,
    });
  } catch (err) {
    resetParser(fileName, text.length);
    throw err;
  }
}
