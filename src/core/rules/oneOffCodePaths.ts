// Where code runs once or under test: the default allowed paths of the rules, whose findings are
// expected there.

/** Tests, in the layouts of JavaScript, TypeScript and Python projects, at any depth. */
export const TEST_CODE_PATHS = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
] as const;

/** Scripts, migrations, seeds and tests: where the rules about constant keys expect their findings. */
export const ONE_OFF_CODE_PATHS = [
  '**/scripts/**',
  '**/migrations/**',
  '**/seed/**',
  '**/seeds/**',
  ...TEST_CODE_PATHS,
] as const;
