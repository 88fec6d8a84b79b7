// The JSON Schema of `dynamo-guard.config.json`, contributed to the editor through `jsonValidation`
// and committed as schemas/dynamo-guard.config.schema.json; rule severities come from the registry.
import { ALLOWED_PATHS_RULES, CONFIG_FILE_RULES } from '../rules/registry';
import { KEY_TYPES, PROJECTIONS, SEVERITIES } from './configModel';

const keySchemaJson = {
  oneOf: [
    { type: 'string', minLength: 1, description: 'Attribute name; its type is then unknown.' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, description: 'Attribute name.' },
        type: { enum: KEY_TYPES, description: 'DynamoDB attribute type: S (string), N (number) or B (binary).' },
      },
    },
  ],
};

/** JSON Schema (draft-07) of the config file, contributed to the editor through `jsonValidation`. */
export const CONFIG_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://dynamo-guard.dev/schemas/dynamo-guard.config.schema.json',
  title: 'Dynamo Guard configuration',
  description: 'Key schemas, rule severities and paths for the Dynamo Guard analyzer.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    tables: {
      type: 'array',
      description: 'Key schemas of tables; these win over every schema found in infrastructure code.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'partitionKey'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'Physical table name.' },
          partitionKey: { ...keySchemaJson, description: 'Partition (hash) key attribute.' },
          sortKey: { ...keySchemaJson, description: 'Sort (range) key attribute.' },
          indexes: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: { type: 'string', minLength: 1 },
                kind: { enum: ['GSI', 'LSI'], default: 'GSI' },
                partitionKey: {
                  ...keySchemaJson,
                  description: "Required for a GSI; an LSI has the table's partition key.",
                },
                sortKey: keySchemaJson,
                projection: { enum: PROJECTIONS },
              },
            },
          },
          envVars: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: "Environment variables that carry this table's name into the code.",
          },
          aliases: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Other names code uses for this table (logical ids, variables).',
          },
          billingMode: { enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
        },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: false,
      description: 'Severity per rule; `off` disables it.',
      properties: Object.fromEntries(
        CONFIG_FILE_RULES.map((r) => [
          r.id,
          { enum: SEVERITIES, default: r.defaultSeverity, description: r.configFile.description },
        ]),
      ),
    },
    ignore: {
      type: 'array',
      items: { type: 'string' },
      description: 'Globs (gitignore syntax) of files never analyzed.',
    },
    ...Object.fromEntries(
      ALLOWED_PATHS_RULES.map((r) => [
        r.allowedPaths.configKey,
        {
          type: 'object',
          additionalProperties: false,
          required: ['paths'],
          description: r.allowedPaths.description,
          properties: {
            paths: { type: 'array', items: { type: 'string' } },
            severity: { enum: ['info', 'off'], default: r.allowedPaths.defaultSeverity },
          },
        },
      ]),
    ),
    baseline: { type: 'string', description: 'Baseline file of accepted findings, relative to this file.' },
  },
} as const;
