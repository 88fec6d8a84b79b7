// `npm test`'s lint stage runs this: no import cycles in src/, and the layers stay apart (core is
// editor-free and knows nothing of its users; the CLI never reaches into the extension).
/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'An import cycle: modules that need each other belong together, or one of them holds what both need.',
    from: { path: '^src/' },
    to: { circular: true },
  },
  {
    name: 'core-is-editor-free',
    severity: 'error',
    comment: 'src/core never imports vscode, nor the extension, the CLI or the webview code built on it.',
    from: { path: '^src/core/' },
    to: { path: '^(src/(extension|cli|webview)/|vscode$|node_modules/@types/vscode/)' },
  },
  {
    name: 'syntax-is-the-bottom-layer',
    severity: 'error',
    comment: 'src/core/syntax serves the analyzer, the schema readers and the fixes; it imports none of them.',
    from: { path: '^src/core/syntax/' },
    to: { path: '^src/(?!core/syntax/)' },
  },
  {
    name: 'schema-readers-below-the-analyzer',
    severity: 'error',
    comment: 'The schema readers feed the analyzer and the fixes; they never import them.',
    from: { path: '^src/core/schema/' },
    to: { path: '^src/core/(analyzer|fixes|rules)/' },
  },
  {
    name: 'cli-is-editor-free',
    severity: 'error',
    comment: 'src/cli never imports vscode nor the extension.',
    from: { path: '^src/cli/' },
    to: { path: '^(src/extension/|vscode$|node_modules/@types/vscode/)' },
  },
  {
    name: 'webview-stays-in-the-page',
    severity: 'error',
    comment: 'The panel pages run in a browser: no vscode, extension or CLI code.',
    from: { path: '^src/webview/' },
    to: { path: '^(src/(extension|cli)/|vscode$|node_modules/@types/vscode/)' },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // `vscode` resolves to @types/vscode (or to nothing): both spellings are in the layer rules.
    moduleSystems: ['cjs', 'es6'],
  },
};
