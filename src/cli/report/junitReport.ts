// JUnit XML for CI test dashboards (GitLab `artifacts:reports:junit`, Jenkins, Azure DevOps), laid
// out as ESLint's junit formatter does: a test suite per file, a failing test case per finding, and
// one passing test case for a file without findings. Skipped and unreadable files are said so.
import type { Finding } from '../../core/analyzer/finding';
import { activeFindings, isIncomplete, type ReportInput } from './reportInput';

/**
 * Text for an XML element: markup escaped, characters XML 1.0 cannot hold dropped, and CR written
 * as a reference, which a parser would otherwise turn into LF.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** Text for an XML attribute: also tabs and line feeds as references, which parsers would turn into spaces. */
export function xmlAttribute(s: string): string {
  return xmlEscape(s).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

interface Case {
  name: string;
  /** `failure` for a finding, `error` for a file that could not be read, `skipped` for one left out. */
  outcome?: { kind: 'failure' | 'error' | 'skipped'; message: string; type?: string; detail?: string };
}

function withoutExtension(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}

export function formatJunit(input: ReportInput): string {
  const byFile = new Map<string, Case[]>();
  const add = (file: string, c: Case): void => {
    byFile.set(file, [...(byFile.get(file) ?? []), c]);
  };
  for (const file of input.files ?? []) byFile.set(file, []);
  for (const f of activeFindings(input)) {
    add(f.file, {
      name: `dynamo-guard.${f.rule}`,
      outcome: { kind: 'failure', message: f.message, type: f.severity, detail: findingDetail(f) },
    });
  }
  for (const p of input.problems) {
    add(p.file ?? '(run)', {
      name: `dynamo-guard.${p.reason ?? 'problem'}`,
      outcome: { kind: isIncomplete(p) ? 'error' : 'skipped', message: p.message },
    });
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const file of [...byFile.keys()].sort()) {
    const cases = byFile.get(file) as Case[];
    if (cases.length === 0) cases.push({ name: file });
    const count = (kind: NonNullable<Case['outcome']>['kind']): number =>
      cases.filter((c) => c.outcome?.kind === kind).length;
    tests += cases.length;
    failures += count('failure');
    errors += count('error');
    skipped += count('skipped');
    const lines = cases.map((c) => {
      const open = `    <testcase time="0" name="${xmlAttribute(c.name)}" classname="${xmlAttribute(withoutExtension(file))}"`;
      if (!c.outcome) return `${open} />`;
      const { kind, message, type, detail } = c.outcome;
      const attrs = `message="${xmlAttribute(message)}"${type ? ` type="${xmlAttribute(type)}"` : ''}`;
      return `${open}>\n      <${kind} ${attrs}${detail ? `>${xmlEscape(detail)}</${kind}>` : ' />'}\n    </testcase>`;
    });
    suites.push(
      `  <testsuite package="dynamo-guard" time="0" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" name="${xmlAttribute(file)}">\n${lines.join('\n')}\n  </testsuite>`,
    );
  }
  const time = (input.stats.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<testsuites name="dynamo-guard" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** `line 3, col 5, Warning - message (rule)`, as ESLint writes it. */
function findingDetail(f: Finding): string {
  return `line ${f.line}, col ${f.column}, ${f.severity[0]?.toUpperCase()}${f.severity.slice(1)} - ${f.message} (${f.rule})`;
}
