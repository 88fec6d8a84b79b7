// GitHub Actions workflow commands (`::warning file=…,line=…::message`): each finding becomes an
// annotation on the changed line of a pull request, with no code scanning needed (private repositories).
// https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
import type { Severity } from '../../core/analyzer/finding';
import { activeFindings, isIncomplete, repositoryPath, type ReportInput } from './reportInput';
import { ruleDefinition } from '../../core/rules/registry';
import { ruleDocsUrl } from './ruleCatalog';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

/** A command's message: `%`, CR and LF escaped, as the Actions toolkit does (`escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which would end it (`escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: ReadonlyArray<[string, string | number]>, message: string): string {
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function formatGithub(input: ReportInput): string {
  const lines: string[] = [];
  for (const f of activeFindings(input)) {
    const rule = ruleDefinition(f.rule);
    lines.push(
      command(
        COMMAND[f.severity],
        [
          // Annotations attach to repository paths, whatever folder the step ran in.
          ['file', repositoryPath(input, f.file) ?? f.file],
          ['line', f.line],
          ['endLine', f.endLine],
          // Columns only on one line: GitHub ignores them on a multi-line annotation.
          ...(f.line === f.endLine
            ? ([
                ['col', f.column],
                ['endColumn', f.endColumn],
              ] as Array<[string, number]>)
            : []),
          ['title', `${rule.shortDescription} (${f.rule})`],
        ],
        `${f.message}\n${ruleDocsUrl(f.rule)}`,
      ),
    );
  }
  // Skipped and unreadable files too, so that nobody takes an unchecked file for a clean one.
  for (const p of input.problems) {
    const where: Array<[string, string]> = p.file ? [['file', repositoryPath(input, p.file) ?? p.file]] : [];
    lines.push(
      command(
        isIncomplete(p) ? 'error' : 'warning',
        [...where, ['title', 'Dynamo Guard could not check this file']],
        p.message,
      ),
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
