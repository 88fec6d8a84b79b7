// Lint configuration: typescript-eslint with type information on all TypeScript sources, the
// layering rule that keeps `vscode` out of the editor-free core and the CLI, and untrusted Markdown
// in the extension.
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'vscode', message: 'src/core and src/cli are editor-free: only src/extension may import vscode.' },
      ],
      patterns: [
        {
          group: ['**/extension/**', '**/webview/**'],
          message: 'core and cli must not depend on editor or webview code.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test/fixtures/**',
      'examples/**',
      '.cache/**',
      'dist-vsix/**',
      'bench/corpus/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts', '**/*.mts'] })),
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      // A switch without a default must name every member of its union; a default deliberately covers the rest.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Every hit is a deliberate String() of a value typed unknown (thrown errors, YAML scalars, request bodies).
      '@typescript-eslint/no-base-to-string': 'off',
      // async methods here implement promise-returning interfaces (VS Code serializers, test stubs) without awaiting.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read the CLI's JSON output and webview messages as any and let the assertions check them.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/cli/**/*.ts'], rules: noVscode },
  {
    // Hovers and tooltips show names from workspace code and endpoints (escaped by core/markdownText):
    // their MarkdownStrings stay untrusted (no command links) and without raw HTML.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(isTrusted|supportHtml)$/]',
          message: 'MarkdownStrings show text others control: keep them untrusted and without HTML.',
        },
        {
          selector: 'Property[key.name=/^(isTrusted|supportHtml)$/]',
          message: 'MarkdownStrings show text others control: keep them untrusted and without HTML.',
        },
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
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
