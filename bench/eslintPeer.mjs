// The benchmark's peer: ESLint with the typescript-eslint parser and one no-restricted-syntax rule
// matching the same DynamoDB patterns, over a list of files; prints one JSON line with its counts.
import { ESLint } from 'eslint';
import * as fs from 'node:fs';
import tseslint from 'typescript-eslint';

/** Selectors for what the `scan` rule looks for, by spelling (ESLint has no binding analysis here). */
const SCAN_PATTERNS = [
  { selector: "NewExpression[callee.name='ScanCommand']", message: 'DynamoDB Scan' },
  { selector: "CallExpression[callee.property.name='scan']", message: 'DynamoDB scan()' },
  { selector: "CallExpression[callee.name='paginateScan']", message: 'paginateScan' },
  { selector: "NewExpression[callee.name='ExecuteStatementCommand']", message: 'PartiQL statement' },
  { selector: "NewExpression[callee.name='BatchExecuteStatementCommand']", message: 'PartiQL batch statement' },
];

/**
 * Selectors for the operations `single-value-partition-key` reads (writes and queries), by
 * spelling, so the peer visits the same call sites as both rules; it cannot tell a constant key.
 */
const KEY_COMMANDS = [
  'PutCommand',
  'PutItemCommand',
  'UpdateCommand',
  'UpdateItemCommand',
  'DeleteCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'BatchWriteCommand',
  'BatchWriteItemCommand',
  'TransactWriteCommand',
  'TransactWriteItemsCommand',
];
const KEY_METHODS = ['put', 'update', 'delete', 'query', 'batchWrite', 'transactWrite'];
const KEY_PATTERNS = [
  {
    selector: `NewExpression[callee.name=/^(${KEY_COMMANDS.join('|')})$/]`,
    message: 'DynamoDB write or Query command',
  },
  {
    selector: `CallExpression[callee.property.name=/^(${KEY_METHODS.join('|')})$/]`,
    message: 'DynamoDB write or query()',
  },
];

export const RESTRICTED = [...SCAN_PATTERNS, ...KEY_PATTERNS];

export function peerConfig() {
  return [
    {
      files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
      languageOptions: {
        parser: tseslint.parser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules: { 'no-restricted-syntax': ['error', ...RESTRICTED] },
    },
  ];
}

async function main() {
  const [listFile, cwd] = process.argv.slice(2);
  const files = fs
    .readFileSync(listFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const started = performance.now();
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: peerConfig(),
    ignore: false,
    cache: false,
  });
  const results = await eslint.lintFiles(files);
  const durationMs = performance.now() - started;
  let findings = 0;
  let fatal = 0;
  // Messages of no rule of ours: `eslint-disable` comments naming rules this config does not load.
  let other = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) fatal++;
      else if (m.ruleId === 'no-restricted-syntax') findings++;
      else other++;
    }
  }
  process.stdout.write(
    JSON.stringify({
      files: results.length,
      findings,
      parseErrors: fatal,
      otherMessages: other,
      durationMs,
      maxRssKb: process.resourceUsage().maxRSS,
    }) + '\n',
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop())) {
  main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err) + '\n');
    process.exit(2);
  });
}
