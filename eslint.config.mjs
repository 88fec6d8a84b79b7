// Lint configuration: typescript-eslint on all sources, the layering rule that keeps `vscode` out
// of the editor-free core and the CLI, and untrusted Markdown in the extension.
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/core and src/cli are editor-free: only src/extension may import vscode.' }],
    patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'core and cli must not depend on editor or webview code.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', 'examples/**', '.cache/**', 'dist-vsix/**', 'bench/corpus/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/cli/**/*.ts'], rules: noVscode },
  {
    // Hovers and tooltips show names from workspace code and endpoints (escaped by core/markdownText):
    // their MarkdownStrings stay untrusted (no command links) and without raw HTML.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(isTrusted|supportHtml)$/]', message: 'MarkdownStrings show text others control: keep them untrusted and without HTML.' },
        { selector: 'Property[key.name=/^(isTrusted|supportHtml)$/]', message: 'MarkdownStrings show text others control: keep them untrusted and without HTML.' },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview runs in a browser.' }] }],
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Render item data with textContent.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
