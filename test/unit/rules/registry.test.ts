// The rule registry is the one list: every registered rule reaches every consumer (its page, the
// config file, the settings, suppressions, reports, checks, fixes and prices), and the committed
// files derived from it are up to date. Adding a rule to RULES and nothing else fails here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import * as esbuild from 'esbuild';
import type { Finding } from '../../../src/core/analyzer/finding';
import { computeLineStarts, rangeFromOffsets } from '../../../src/core/syntax/positions';
import type { OperationKind } from '../../../src/core/analyzer/operations';
import { applySuppressions } from '../../../src/core/analyzer/suppressions';
import { buildSarif } from '../../../src/cli/report/sarifReport';
import { parseConfig } from '../../../src/core/config/configLoader';
import { defaultConfig } from '../../../src/core/config/configModel';
import { configuredSeverity } from '../../../src/core/analyzer/projectPolicy';
import { CONFIG_JSON_SCHEMA } from '../../../src/core/config/configSchema';
import { findingCostMarkdown } from '../../../src/core/findingCost';
import type { FixKind } from '../../../src/core/fixes/textEdits';
import { OPERATION_CHECKS } from '../../../src/core/rules/operationChecks';
import {
  ANALYZER_RULES,
  DEFAULT_SEVERITIES,
  isAnalyzerRule,
  RULES,
  ruleDocPath,
  type Rule,
} from '../../../src/core/rules/registry';
import { generatedFiles, SEVERITY_SETTING_PREFIX } from '../../../scripts/genRules';

const root = path.join(__dirname, '../../..');

// Every member of the unions, spelled as records so that a new member fails to compile here.
const OPERATION_KINDS = Object.keys({
  scan: 1,
  query: 1,
  get: 1,
  put: 1,
  update: 1,
  delete: 1,
  'batch-write': 1,
  'batch-get': 1,
  'transact-write': 1,
  'transact-get': 1,
  partiql: 1,
} satisfies Record<OperationKind, 1>) as OperationKind[];
const FIX_KINDS = Object.keys({ 'scan-to-query': 1, 'pagination-loop': 1, 'write-sharding': 1 } satisfies Record<
  FixKind,
  1
>) as FixKind[];

function findingOf(rule: Rule, text: string, needle: string): Finding {
  const offset = text.indexOf(needle);
  return {
    rule: rule.id,
    severity: rule.defaultSeverity,
    confidence: 'high',
    file: 'a.ts',
    message: 'm',
    table: 'T',
    ...rangeFromOffsets(computeLineStarts(text), offset, offset + needle.length),
  };
}

test('ids are unique kebab-case words, SARIF names unique PascalCase, each rule in its own folder', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of RULES) {
    // openRuleDoc accepts exactly these characters, and ignore comments split rule lists on others.
    assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
    assert.match(rule.name, /^[A-Z][A-Za-z]+$/);
    assert.ok(
      existsSync(path.join(root, 'src/core/rules', rule.id, 'definition.ts')),
      `src/core/rules/${rule.id}/definition.ts exists`,
    );
  }
  assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
  const folders = readdirSync(path.join(root, 'src/core/rules'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  assert.deepEqual(folders.sort(), [...ids].sort(), 'every rule folder is registered');
});

test('every rule has its page, headed by its id, and the extension package ships the pages', () => {
  for (const rule of RULES) {
    const doc = path.join(root, ruleDocPath(rule.id));
    assert.ok(existsSync(doc), `${ruleDocPath(rule.id)} is missing`);
    assert.ok(
      readFileSync(doc, 'utf8').startsWith(`# \`${rule.id}\``),
      `${ruleDocPath(rule.id)} starts with "# \`${rule.id}\`"`,
    );
  }
  assert.ok(readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').includes('!docs/rules/**'));
});

test('the files generated from the registry are up to date (npm run gen:rules rewrites them)', () => {
  for (const { file, current, expected } of generatedFiles(root)) {
    assert.equal(current, expected, `${file} differs from the rule registry: run \`npm run gen:rules\``);
  }
});

test('package.json has a severity setting for exactly the rules that have one', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { enum?: string[] }> } };
  };
  const settings = Object.keys(manifest.contributes.configuration.properties).filter((k) =>
    k.startsWith(SEVERITY_SETTING_PREFIX),
  );
  assert.deepEqual(
    settings,
    RULES.filter((r) => 'editorSetting' in r).map((r) => `${SEVERITY_SETTING_PREFIX}${r.id}`),
  );
});

test('the config file sets the severity of exactly the rules that say so, in its schema and its loader', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_JSON_SCHEMA);
  const schemaRules = CONFIG_JSON_SCHEMA.properties.rules.properties as Record<string, { default: string }>;
  for (const rule of RULES) {
    const text = JSON.stringify({ rules: { [rule.id]: 'error' } });
    const { config, problems } = parseConfig('c.json', text);
    if ('configFile' in rule) {
      assert.deepEqual(problems, [], rule.id);
      assert.equal((config.rules as Record<string, string>)[rule.id], 'error');
      assert.equal((defaultConfig().rules as Record<string, string>)[rule.id], rule.defaultSeverity);
      assert.equal(schemaRules[rule.id]?.default, rule.defaultSeverity);
      assert.equal(validate(JSON.parse(text)), true, rule.id);
    } else {
      assert.match(problems[0]?.message ?? '', new RegExp(`unknown property "${rule.id}"`));
      assert.equal(schemaRules[rule.id], undefined);
      assert.equal(validate(JSON.parse(text)), false, rule.id);
    }
  }
});

test('a rule with allowed paths has its own key in the config file, schema, loader and defaults, and the policy lowers only its findings there', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_JSON_SCHEMA);
  const keys = RULES.flatMap((r) => ('allowedPaths' in r ? [r.allowedPaths.configKey] : []));
  assert.equal(new Set(keys).size, keys.length, 'one key per rule');
  for (const rule of RULES) {
    if (!('allowedPaths' in rule)) continue;
    const { configKey, defaultPaths, defaultSeverity } = rule.allowedPaths;
    const text = JSON.stringify({ [configKey]: { paths: ['tools/**'], severity: 'off' } });
    const { config, problems } = parseConfig('c.json', text);
    assert.deepEqual(problems, [], configKey);
    assert.deepEqual((config as unknown as Record<string, unknown>)[configKey], {
      paths: ['tools/**'],
      severity: 'off',
    });
    assert.deepEqual((defaultConfig() as unknown as Record<string, unknown>)[configKey], {
      paths: [...defaultPaths],
      severity: defaultSeverity,
    });
    assert.equal(validate(JSON.parse(text)), true, configKey);
    const severityOf = configuredSeverity({ [configKey]: { paths: ['tools/**'], severity: 'off' } });
    const finding = (id: string): Finding =>
      ({
        rule: id,
        severity: 'warning',
        confidence: 'high',
        file: 'f',
        message: '',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        offset: 0,
        endOffset: 0,
      }) as Finding;
    for (const other of RULES)
      assert.equal(
        severityOf(finding(other.id), 'tools/a.ts'),
        other.id === rule.id ? 'off' : 'warning',
        `${configKey} on ${other.id}`,
      );
  }
  assert.match(
    parseConfig('c.json', JSON.stringify({ allowNothing: { paths: [] } })).problems[0]?.message ?? '',
    /unknown property "allowNothing"/,
  );
});

test('SARIF describes every rule, in registry order, with its page as help', () => {
  const sarif = buildSarif({
    findings: [],
    stats: { filesScanned: 0, filesAnalyzed: 0, durationMs: 0, suppressed: 0, baselined: 0, filesSkipped: 0 },
    problems: [],
    toolVersion: '0.1.0',
  }) as {
    runs: Array<{
      tool: {
        driver: {
          rules: Array<{ id: string; name: string; helpUri: string; defaultConfiguration: { level: string } }>;
        };
      };
    }>;
  };
  const described = sarif.runs[0]?.tool.driver.rules ?? [];
  assert.deepEqual(
    described.map((r) => r.id),
    RULES.map((r) => r.id),
  );
  for (const [i, rule] of RULES.entries()) {
    assert.equal(described[i]?.name, rule.name);
    assert.equal(
      described[i]?.helpUri,
      `https://github.com/dynamo-guard/dynamo-guard/blob/main/docs/rules/${rule.id}.md`,
    );
  }
});

test('an ignore comment silences exactly the suppressible rules; others are unknown to it', () => {
  for (const rule of RULES) {
    const text = `// dynamo-guard-ignore-next-line ${rule.id} -- reviewed\nawait c.send(new ScanCommand(p));\n`;
    const out = applySuppressions('a.ts', text, [findingOf(rule, text, 'ScanCommand')]);
    const unknown = out.filter((f) => f.rule === 'unused-suppression' && f.message.includes('unknown rule'));
    if (rule.suppressible) {
      assert.equal(out[0]?.suppression?.justification, 'reviewed', rule.id);
      assert.deepEqual(unknown, [], rule.id);
    } else {
      assert.equal(out[0]?.suppression, undefined, rule.id);
      assert.equal(unknown.length, 1, rule.id);
    }
  }
});

test("each analyzer rule has a check for what it reads and a default severity; the tool's rules read nothing", () => {
  for (const rule of RULES) {
    if (!isAnalyzerRule(rule.id)) {
      assert.deepEqual(rule.reads, [], rule.id);
      continue;
    }
    assert.equal(
      typeof OPERATION_CHECKS[rule.id],
      'function',
      `${rule.id} has its one check over operations in src/core/rules/operationChecks.ts`,
    );
    assert.equal(DEFAULT_SEVERITIES[rule.id], rule.defaultSeverity);
  }
  // Every operation the analyzer detects reaches a rule: its call site's facts (table, key values) come from the checks.
  for (const kind of OPERATION_KINDS) {
    assert.ok(
      ANALYZER_RULES.some((r) => (r.reads as readonly string[]).includes(kind)),
      `operation kind ${kind} is read by no rule`,
    );
  }
});

test('each analyzer rule has one check, over operations: no other check in its folder, and no parser in any rule', () => {
  const rulesDir = path.join(root, 'src/core/rules');
  for (const rule of RULES) {
    const files = readdirSync(path.join(rulesDir, rule.id)).sort();
    assert.deepEqual(files, isAnalyzerRule(rule.id) ? ['check.ts', 'definition.ts'] : ['definition.ts'], rule.id);
  }
  // Rules read the language-neutral model: a parser, a syntax tree or a front-end's detection in
  // src/core/rules would tie a rule to one language.
  const frontEnd =
    /from '(?:typescript|web-tree-sitter|[./]*(?:syntax\/(?:parse|bindings|constants|nodes)|analyzer\/(?:operations|requestObject|ruleContext|tableResolver|neutralOperations|ruleChecks)|python\/[\w]+))'/;
  const sources = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of sources) {
    const text = readFileSync(path.join(rulesDir, file), 'utf8');
    assert.doesNotMatch(text, frontEnd, `src/core/rules/${file} imports a front-end`);
  }
});

test('every fix belongs to a rule, and a rule lists a fix at most once', () => {
  for (const kind of FIX_KINDS)
    assert.ok(
      RULES.some((r) => (r.fixes as readonly string[]).includes(kind)),
      `fix ${kind} is listed by a rule`,
    );
  for (const rule of RULES) assert.equal(new Set(rule.fixes).size, rule.fixes.length, rule.id);
});

test('the hover prices the findings of exactly the rules that say they cost', () => {
  for (const rule of RULES) {
    const text = 'await c.send(new ScanCommand(p));\n';
    assert.equal(
      findingCostMarkdown(findingOf(rule, text, 'ScanCommand'), {}) !== undefined,
      rule.pricesFindings,
      rule.id,
    );
  }
});

test('the registry loads no heavy module: the extension reads it at activation', async () => {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/core/rules/registry.ts'],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(
    inputs.filter((f) => f.includes('node_modules')),
    [],
  );
  assert.ok(
    inputs.every((f) => f.startsWith('src/core/rules/')),
    inputs.join(', '),
  );
});
