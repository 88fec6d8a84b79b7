// Compiles the JSON Schemas the CLI's outputs are checked against (ajv, draft-07, formats we need):
// ours under schemas/, and the official SARIF 2.1.0 schema vendored under test/fixtures/sarif.
import Ajv, { type ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

const schemasDir = path.resolve(__dirname, '../../../schemas');
export const OFFICIAL_SARIF_SCHEMA = path.resolve(__dirname, '../../fixtures/sarif/sarif-schema-2.1.0.json');

function compileSchema(schema: object, options: { strict: boolean } = { strict: true }): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: options.strict });
  ajv.addFormat('uri', (s: string) => {
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat(
    'date-time',
    (s: string) =>
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)),
  );
  return ajv.compile(schema);
}

function compile(file: string): ValidateFunction {
  return compileSchema(JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8')) as object);
}

/**
 * The OASIS schema declares draft-04, which Ajv 8 compiles as draft-07 once `id` is `$id`: the two
 * drafts read every keyword this schema uses alike (it has no `exclusiveMinimum`/`exclusiveMaximum`,
 * whose meaning changed), which `officialSarifSchemaText` lets a test confirm.
 */
function compileOfficialSarif(): ValidateFunction {
  const schema = JSON.parse(officialSarifSchemaText()) as Record<string, unknown>;
  const { id, $schema: _draft, ...rest } = schema;
  // Its `"type": ["array", "null"]` beside array keywords trips Ajv's strictTypes, not a draft difference.
  return compileSchema({ ...rest, $id: id, $schema: 'http://json-schema.org/draft-07/schema#' }, { strict: false });
}

export function officialSarifSchemaText(): string {
  return fs.readFileSync(OFFICIAL_SARIF_SCHEMA, 'utf8');
}

export const validateCheckOutput = compile('check-output.schema.json');
export const validateSarif = compile('sarif-2.1.0-subset.schema.json');
export const validateOfficialSarif = compileOfficialSarif();
export const validateGitlab = compile('gitlab-code-quality.schema.json');

export function schemaErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}
