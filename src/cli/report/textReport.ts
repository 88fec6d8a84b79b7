// The terminal report: `path:line:col severity message rule` lines, like other linters, then a summary.
import type { Finding, Severity } from '../../core/analyzer/finding';
import type { ReportInput } from './reportInput';

const COLORS: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

export function formatText(input: ReportInput, options: { color?: boolean } = {}): string {
  const active = input.findings.filter((f) => !f.suppression);
  const paint = (s: string, code: string): string => (options.color ? `${code}${s}${RESET}` : s);
  const lines = active.map(
    (f) =>
      `${f.file}:${f.line}:${f.column} ${paint(f.severity, COLORS[f.severity])} ${f.message} ${paint(f.rule, DIM)}`,
  );
  const count = (s: Severity): number => active.filter((f) => f.severity === s).length;
  const files = new Set(active.map((f) => f.file)).size;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Files not checked are listed like findings, so nobody mistakes a skipped file for a clean one.
  for (const p of input.problems)
    lines.push(
      `${p.file ?? '(run)'}: ${paint(p.message, COLORS.warning)}${p.reason ? ` ${paint(p.reason, DIM)}` : ''}`,
    );
  if (lines.length > 0) lines.push('');
  lines.push(
    `${plural(active.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}) in ${plural(files, 'file')}`,
  );
  const { stats } = input;
  const extras = [
    stats.suppressed > 0 ? `${stats.suppressed} suppressed` : '',
    stats.baselined > 0 ? `${stats.baselined} in baseline` : '',
    stats.filesSkipped > 0 ? `${plural(stats.filesSkipped, 'file')} skipped` : '',
  ].filter((s) => s.length > 0);
  lines.push(
    paint(
      `checked ${plural(stats.filesScanned, 'file')} (${stats.filesAnalyzed} analyzed) in ${(stats.durationMs / 1000).toFixed(2)}s${extras.length > 0 ? `; ${extras.join(', ')}` : ''}`,
      DIM,
    ),
  );
  return lines.join('\n') + '\n';
}

/**
 * Whether the text report is coloured: FORCE_COLOR forces it (off when `0` or `false`), as Node's
 * own colour check does; otherwise a non-empty NO_COLOR turns it off (https://no-color.org); otherwise
 * only a terminal that is not TERM=dumb gets colour.
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  return isTty && env.TERM !== 'dumb';
}

export function countAtOrAbove(findings: readonly Finding[], threshold: Severity): number {
  const rank: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
  return findings.filter((f) => !f.suppression && rank[f.severity] >= rank[threshold]).length;
}
