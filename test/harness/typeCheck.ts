// Type-checks source texts with the real TypeScript compiler against this repository's node_modules
// (the real @aws-sdk/* declarations), by placing them as in-memory files inside the repository.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** The repository root, found from here whether this runs from source or from a compiled test bundle. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules', '@aws-sdk', 'client-dynamodb', 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no node_modules with @aws-sdk/client-dynamodb above ${from}`);
  }
}

const repoRoot = findRepoRoot(__dirname);
/** Where the in-memory files pretend to live: inside the repo, so `@aws-sdk/*` resolves from its node_modules. */
const VIRTUAL_DIR = path.join(repoRoot, 'test', 'fixtures', '__typecheck__');

export const CHECK_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  strict: true,
  noUnusedLocals: true,
  noEmit: true,
  skipLibCheck: true,
  allowJs: true,
  checkJs: false,
  esModuleInterop: true,
};

/**
 * Errors (as `file(line,col): message`) of the given files, each named by a relative path (`a.ts`).
 * JavaScript files get the syntax check only, as a JS project without `checkJs` would.
 */
export function typeCheck(files: Readonly<Record<string, string>>): string[] {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(VIRTUAL_DIR, name), text]));
  const host = ts.createCompilerHost(CHECK_OPTIONS, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile(f);
  host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = virtual.get(path.resolve(f));
    return text !== undefined ? ts.createSourceFile(f, text, lang, true) : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...virtual.keys()], CHECK_OPTIONS, host);
  const diagnostics: ts.Diagnostic[] = [];
  for (const file of virtual.keys()) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(sf));
    if (/\.[cm]?tsx?$/.test(file)) diagnostics.push(...program.getSemanticDiagnostics(sf));
  }
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(VIRTUAL_DIR, d.file.fileName)}(${line + 1},${character + 1}): ${message}`;
  });
}
