// Where code runs once or under test (scripts, migrations, seeds, tests): the default allowed paths
// of the rules about constant keys, whose findings are expected there.
export const ONE_OFF_CODE_PATHS = [
  '**/scripts/**',
  '**/migrations/**',
  '**/seed/**',
  '**/seeds/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
] as const;
