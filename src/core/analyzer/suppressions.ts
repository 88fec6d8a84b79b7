// Ignore comments (`dynamo-guard-ignore-next-line <rule> -- <reason>` and `-ignore-line`): which
// findings they silence, and findings of their own when they lack a reason or silence nothing.
import { computeLineStarts, rangeFromOffsets, type Finding, type RuleId, type Severity, type SeverityOption, type SourceRange } from './finding';

/** Rules an ignore comment may name; the tool's own bookkeeping rules cannot be silenced. */
export const SUPPRESSIBLE_RULES: readonly RuleId[] = ['scan', 'single-value-partition-key'];

export const SUPPRESSION_MARKER = 'dynamo-guard-ignore-';

export interface IgnoreComment extends SourceRange {
  kind: 'next-line' | 'line';
  /** Rule names as written, in order. */
  rules: string[];
  /** Text after ` -- `, trimmed; undefined when missing or blank. */
  reason?: string;
  /** 1-based line whose findings the comment silences. */
  targetLine: number;
}

export interface SuppressionOptions {
  /** Configured severities; `unused-suppression` defaults to info, and a rule set to `off` is never "unused". */
  severities?: Partial<Record<RuleId, SeverityOption>>;
}

// Two comment forms; the body is everything up to the end of the line or the closing `*/`.
const LINE_COMMENT = /\/\/[ \t]*dynamo-guard-ignore-(next-line|line)(?![\w-])([^\r\n]*)/g;
const BLOCK_COMMENT = /\/\*[ \t*]*dynamo-guard-ignore-(next-line|line)(?![\w-])([\s\S]*?)\*\//g;

export function parseIgnoreComments(text: string, lineStarts: readonly number[] = computeLineStarts(text)): IgnoreComment[] {
  if (!text.includes(SUPPRESSION_MARKER)) return [];
  const comments: IgnoreComment[] = [];
  for (const pattern of [LINE_COMMENT, BLOCK_COMMENT]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const range = rangeFromOffsets(lineStarts, m.index, m.index + m[0].length);
      const kind = m[1] === 'next-line' ? 'next-line' : 'line';
      const body = (m[2] ?? '').replace(/\s+/g, ' ');
      const sep = body.indexOf(' --');
      const rulePart = sep >= 0 ? body.slice(0, sep) : body;
      const reason = sep >= 0 ? body.slice(sep + 3).trim() : '';
      comments.push({
        ...range,
        kind,
        rules: rulePart.split(/[,\s]+/).map((r) => r.trim()).filter((r) => r.length > 0),
        ...(reason.length > 0 ? { reason } : {}),
        targetLine: kind === 'next-line' ? range.endLine + 1 : range.line,
      });
    }
  }
  return comments.sort((a, b) => a.offset - b.offset);
}

/**
 * Marks the findings that valid ignore comments silence (they stay in the list with a
 * `suppression`, so SARIF can carry them) and appends `unused-suppression` findings for comments
 * that have no reason, name an unknown rule, or silence nothing. Findings already marked are left
 * as they are, so applying twice does not double-count.
 */
export function applySuppressions(file: string, text: string, findings: readonly Finding[], options: SuppressionOptions = {}): Finding[] {
  if (!text.includes(SUPPRESSION_MARKER)) return [...findings];
  const lineStarts = computeLineStarts(text);
  const comments = parseIgnoreComments(text, lineStarts);
  if (comments.length === 0) return [...findings];
  const severities = options.severities ?? {};
  const unusedSeverity: SeverityOption = severities['unused-suppression'] ?? 'info';
  const out = findings.map((f) => ({ ...f }));
  const extra: Finding[] = [];
  const report = (comment: IgnoreComment, message: string): void => {
    if (unusedSeverity === 'off') return;
    extra.push({
      rule: 'unused-suppression',
      severity: unusedSeverity as Severity,
      confidence: 'high',
      file,
      line: comment.line,
      column: comment.column,
      endLine: comment.endLine,
      endColumn: comment.endColumn,
      offset: comment.offset,
      endOffset: comment.endOffset,
      message,
    });
  };

  for (const comment of comments) {
    const form = `dynamo-guard-ignore-${comment.kind}`;
    if (comment.rules.length === 0) {
      report(comment, `\`${form}\` names no rule; write \`// ${form} <rule> -- <reason>\` (rules: ${SUPPRESSIBLE_RULES.join(', ')}).`);
      continue;
    }
    const unknown = comment.rules.filter((r) => !(SUPPRESSIBLE_RULES as readonly string[]).includes(r));
    if (unknown.length > 0) {
      report(comment, `\`${form}\` names unknown rule ${unknown.map((r) => `\`${r}\``).join(', ')}; known rules: ${SUPPRESSIBLE_RULES.join(', ')}.`);
    }
    if (comment.reason === undefined) {
      // An unexplained suppression hides a cost nobody can review later, so it does not count.
      report(comment, `Suppression of ${comment.rules.map((r) => `\`${r}\``).join(', ')} has no reason, so it is ignored; add one after \` -- \` (\`// ${form} ${comment.rules.join(', ')} -- why this is safe\`).`);
      continue;
    }
    for (const rule of comment.rules) {
      if (!(SUPPRESSIBLE_RULES as readonly string[]).includes(rule)) continue;
      let used = false;
      for (const f of out) {
        if (f.rule !== rule || f.line !== comment.targetLine) continue;
        used = true;
        f.suppression ??= { kind: 'inSource', justification: comment.reason };
      }
      if (!used && severities[rule as RuleId] !== 'off') {
        const where = comment.kind === 'next-line' ? 'the next line' : 'this line';
        report(comment, `Unused suppression: there is no \`${rule}\` finding on ${where}; remove the comment.`);
      }
    }
  }
  return [...out, ...extra];
}
