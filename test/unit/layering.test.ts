// The lint rules that keep the core and the CLI editor-free and the extension's Markdown untrusted
// really fire (and stay quiet where allowed).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '..', '..');
// The files linted here exist only as text, outside any TypeScript program: lint them without types.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
const source = "import * as vscode from 'vscode';\nexport const x = vscode.version;\n";

async function restrictedSyntaxErrors(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

async function restrictedImportErrors(file: string, text = source): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it('forbids importing vscode in src/core', async () => {
    const errors = await restrictedImportErrors('src/core/analyzer/example.ts');
    assert.equal(errors.length, 1);
    assert.match(errors[0] as string, /editor-free/);
  });

  it('forbids importing vscode in src/cli', async () => {
    assert.equal((await restrictedImportErrors('src/cli/commands/example.ts')).length, 1);
  });

  it('forbids core code from reaching into the extension layer', async () => {
    const errors = await restrictedImportErrors(
      'src/core/query/example.ts',
      "import { CommandIds } from '../../extension/commandIds';\nexport const y = CommandIds;\n",
    );
    assert.equal(errors.length, 1);
  });

  it('allows vscode in src/extension', async () => {
    assert.deepEqual(await restrictedImportErrors('src/extension/example.ts'), []);
  });
});

describe('untrusted Markdown lint rule', () => {
  it('forbids trusting a MarkdownString or turning on its HTML, by assignment or in an object', async () => {
    const text = [
      "import * as vscode from 'vscode';",
      'const md = new vscode.MarkdownString();',
      'md.isTrusted = true;',
      'md.supportHtml = true;',
      'export const options = { isTrusted: { enabledCommands: [] } };',
      'export { md };',
    ].join('\n');
    const errors = await restrictedSyntaxErrors('src/extension/tables/example.ts', text);
    assert.equal(errors.length, 3);
    assert.ok(errors.every((e) => /untrusted and without HTML/.test(e)));
  });

  it('still lets the extension read whether the workspace is trusted, and still forbids default exports', async () => {
    const text =
      "import * as vscode from 'vscode';\nexport const trusted = vscode.workspace.isTrusted;\nexport default trusted;\n";
    assert.deepEqual(await restrictedSyntaxErrors('src/extension/example.ts', text), ['Use named exports.']);
  });
});
