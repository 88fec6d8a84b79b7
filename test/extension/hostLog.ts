// The extension's own log ("Dynamo Guard" output channel) as the host wrote it to disk, under the
// logs folder the launcher names in DYNAMO_GUARD_TEST_LOGS; undefined where no launcher says.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function extensionLog(): string | undefined {
  const dir = process.env.DYNAMO_GUARD_TEST_LOGS;
  if (!dir || !fs.existsSync(dir)) return undefined;
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('Dynamo Guard.log'))
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}
