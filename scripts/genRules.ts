// `npm run gen:rules`: rewrites what is committed but derived from the rule registry: the per-rule
// severity settings in package.json, the config file's JSON Schema, and the rule ids of the `check`
// JSON output schema. test/unit/rules/registry.test.ts fails while any of them is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as path from 'node:path';
import { applyEdits, findNodeAtLocation, type JSONPath, modify, type Node, parse, parseTree } from 'jsonc-parser';
import { CONFIG_JSON_SCHEMA } from '../src/core/config/configSchema';
import { EDITOR_SETTING_RULES, RULES } from '../src/core/rules/registry';

export const SEVERITY_SETTING_PREFIX = 'dynamoGuard.analyzer.severity.';
const SETTINGS_PATH: JSONPath = ['contributes', 'configuration', 'properties'];
const OUTPUT_RULE_PATH: JSONPath = ['definitions', 'finding', 'properties', 'rule', 'enum'];

/** The `dynamoGuard.analyzer.severity.<id>` settings, in registry order. */
export function severitySettings(): Record<string, unknown> {
  return Object.fromEntries(
    EDITOR_SETTING_RULES.map((r) => [
      `${SEVERITY_SETTING_PREFIX}${r.id}`,
      {
        type: 'string',
        scope: 'resource',
        default: 'default',
        enum: ['default', 'error', 'warning', 'info', 'off'],
        enumDescriptions: [
          'configFile' in r
            ? `As \`dynamo-guard.config.json\` says (\`rules.${r.id}\`), else the rule's default (${r.defaultSeverity}).`
            : `The rule's default (${r.defaultSeverity}).`,
          'Shown as an error.',
          'Shown as a warning.',
          'Shown as information.',
          'Not reported.',
        ],
        markdownDescription: `Severity of rule \`${r.id}\` (${r.editorSetting.summary}) in the editor. Overrides \`rules\` in \`dynamo-guard.config.json\`; \`default\` keeps it.`,
      },
    ]),
  );
}

/** A committed file and the text it should have. */
export interface GeneratedFile {
  file: string;
  current: string;
  expected: string;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** package.json with the severity settings the registry has, and no others; the rest of the text untouched. */
function manifestText(text: string): string {
  const settings = severitySettings();
  const properties = (parse(text) as { contributes: { configuration: { properties: Record<string, unknown> } } })
    .contributes.configuration.properties;
  let out = text;
  for (const key of Object.keys(properties)) {
    if (key.startsWith(SEVERITY_SETTING_PREFIX) && !(key in settings))
      out = applyEdits(out, modify(out, [...SETTINGS_PATH, key], undefined, FORMAT));
  }
  let previous: string | undefined;
  for (const [key, value] of Object.entries(settings)) {
    if (!isDeepStrictEqual(properties[key], value)) {
      // A new setting goes after the severity setting before it (or after `analyzer.workspace`), as a reader expects.
      const after = previous ?? 'dynamoGuard.analyzer.workspace';
      const getInsertionIndex = (keys: string[]): number => keys.indexOf(after) + 1;
      out = applyEdits(out, modify(out, [...SETTINGS_PATH, key], value, { ...FORMAT, getInsertionIndex }));
    }
    previous = key;
  }
  return out;
}

/** The output schema with the registry's rule ids, on one line as the file writes its enums. */
function outputSchemaText(text: string): string {
  const node = findNodeAtLocation(parseTree(text) as Node, OUTPUT_RULE_PATH);
  if (!node) throw new Error(`schemas/check-output.schema.json has no ${OUTPUT_RULE_PATH.join('.')}`);
  const ids = `[${RULES.map((r) => JSON.stringify(r.id)).join(', ')}]`;
  return text.slice(0, node.offset) + ids + text.slice(node.offset + node.length);
}

export function generatedFiles(root: string): GeneratedFile[] {
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const manifest = read('package.json');
  const configSchema = read('schemas/dynamo-guard.config.schema.json');
  const outputSchema = read('schemas/check-output.schema.json');
  return [
    { file: 'package.json', current: manifest, expected: manifestText(manifest) },
    {
      file: 'schemas/dynamo-guard.config.schema.json',
      current: configSchema,
      expected: JSON.stringify(CONFIG_JSON_SCHEMA, null, 2) + '\n',
    },
    { file: 'schemas/check-output.schema.json', current: outputSchema, expected: outputSchemaText(outputSchema) },
  ];
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  for (const { file, current, expected } of generatedFiles(root)) {
    if (current === expected) continue;
    writeFileSync(path.join(root, file), expected);
    console.log(`wrote ${file}`);
  }
}
