// `npm test`: lint, type-check, unit, integration and extension-host suites, in that order.
// Every stage runs even when an earlier one fails; the last line is `N passed, N failed`.
// `node scripts/test.mjs unit integration` runs only the named stages.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

function findTests(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  const out = [];
  for (const entry of fs.readdirSync(abs, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.test\.ts$/.test(entry.name))
      out.push(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  return out.sort();
}

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(err.message);
      resolve(1);
    });
  });
}

function tapCounts(file) {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  const pass = /^# pass (\d+)$/m.exec(text);
  const fail = /^# fail (\d+)$/m.exec(text);
  const cancelled = /^# cancelled (\d+)$/m.exec(text);
  if (!pass || !fail) return null;
  return { passed: Number(pass[1]), failed: Number(fail[1]) + Number(cancelled?.[1] ?? 0) };
}

async function nodeTests(stage, env = {}) {
  const files = findTests(`test/${stage}`);
  if (files.length === 0) return { passed: 0, failed: 1, note: `no test files under test/${stage}` };
  const tap = path.join(resultsDir, `${stage}.tap`);
  fs.rmSync(tap, { force: true });
  const code = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    env,
  );
  const counts = tapCounts(tap) ?? { passed: 0, failed: 1 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

async function check(name, cmd, args) {
  const code = await run(cmd, args);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: `${name} failed` };
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const stages = {
  // ESLint, the dependency rules of .dependency-cruiser.cjs (no import cycles in src/, layers
  // apart), and Prettier's check of the formatting.
  lint: async () => {
    const eslint = await check('eslint', npx, ['eslint', 'src', 'test', 'bench', 'scripts']);
    const deps = await check('dependency rules', npx, [
      'depcruise',
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ]);
    const format = await check('format check (npm run format fixes it)', npx, [
      'prettier',
      '--check',
      '--log-level',
      'warn',
      '.',
    ]);
    const notes = [eslint.note, deps.note, format.note].filter(Boolean);
    return {
      passed: eslint.passed + deps.passed + format.passed,
      failed: eslint.failed + deps.failed + format.failed,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    };
  },
  typecheck: () => check('typecheck', npx, ['tsc', '-p', '.', '--noEmit']),
  unit: () => nodeTests('unit'),
  // One build for every suite that runs the bundles: test files run in parallel, and one
  // rebuilding dist/ while another runs it would race (test/harness/builtCli.ts).
  integration: async () => {
    const build = await run(process.execPath, [path.join(root, 'esbuild.js')]);
    if (build !== 0) return { passed: 0, failed: 1, note: 'the build for the integration suites failed' };
    return nodeTests('integration', { DYNAMO_GUARD_TEST_BUILT: '1' });
  },
  extension: async () => {
    const resultFile = path.join(resultsDir, 'extension.json');
    fs.rmSync(resultFile, { force: true });
    const code = await run(process.execPath, [
      '--import',
      'tsx',
      path.join(root, 'scripts/host/runExtensionTests.ts'),
      '--result',
      resultFile,
    ]);
    if (!fs.existsSync(resultFile))
      return { passed: 0, failed: 1, note: `extension host run exited ${code} without results` };
    const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    const counts = { passed: r.passed ?? 0, failed: r.failed ?? 0 };
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const order = wanted.length > 0 ? wanted : Object.keys(stages);
let passed = 0;
let failed = 0;
const summary = [];
for (const name of order) {
  const stage = stages[name];
  if (!stage) {
    console.error(`unknown stage ${name}; stages: ${Object.keys(stages).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = await stage();
  passed += r.passed;
  failed += r.failed;
  summary.push(
    `${name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${((Date.now() - started) / 1000).toFixed(1)}s${r.note ? `  (${r.note})` : ''}`,
  );
}
console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
