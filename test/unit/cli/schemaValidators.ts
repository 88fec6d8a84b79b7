// Compiles the JSON Schemas the CLI's outputs are checked against (ajv, draft-07, formats we need).
import Ajv, { type ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

const schemasDir = path.resolve(__dirname, '../../../schemas');

function compile(file: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('uri', (s: string) => {
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, 'file:///base/'));
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8')));
}

export const validateCheckOutput = compile('check-output.schema.json');
export const validateSarif = compile('sarif-2.1.0-subset.schema.json');

export function schemaErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}
