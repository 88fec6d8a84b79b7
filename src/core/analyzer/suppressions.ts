// Ignore comments (`dynamo-guard-ignore-next-line <rule> -- <reason>` and `-ignore-line`; in Python
// `#` comments and `-ignore-file` too): which findings they silence, and findings of their own when
// they lack a reason or silence nothing.
import * as ts from 'typescript';
import { parseSource } from '../syntax/parse';
import { computeLineStarts, rangeFromOffsets, type SourceRange } from '../syntax/positions';
import type { Finding, RuleId, SeverityOption } from './finding';
import { ignoreDirectiveBody } from './ignoreDirective';
import { isPythonFile } from '../python/pythonFiles';
import { parsePythonIgnoreComments } from '../python/pythonIgnoreComments';
import { isVtlFile } from '../vtl/vtlFiles';
import { parseVtlIgnoreComments } from '../vtl/vtlIgnoreComments';
import { ruleDefinition, SUPPRESSIBLE_RULE_IDS } from '../rules/registry';

/** Rules an ignore comment may name; the tool's own bookkeeping rules cannot be silenced. */
export const SUPPRESSIBLE_RULES: readonly RuleId[] = SUPPRESSIBLE_RULE_IDS;

export const SUPPRESSION_MARKER = 'dynamo-guard-ignore-';

export interface IgnoreComment extends SourceRange {
  /** `file` (Python only) silences the rules in the whole file. */
  kind: 'next-line' | 'line' | 'file';
  /** Rule names as written, in order. */
  rules: string[];
  /** Text after ` -- `, trimmed; undefined when missing or blank. */
  reason?: string;
  /** 1-based line whose findings the comment silences; 0 for the whole file. */
  targetLine: number;
}

export interface SuppressionOptions {
  /** Configured severities; `unused-suppression` defaults to info, and a rule set to `off` is never "unused". */
  severities?: Partial<Record<RuleId, SeverityOption>>;
  /** The analyzer's tree of this very text, when it has one: saves parsing it again. */
  sourceFile?: ts.SourceFile;
}

// Two comment forms; the body is everything up to the end of the line or the closing `*/`. The
// patterns only find candidates: a match counts when the parse tree puts it inside a comment.
/** YAML templates hold VTL inline; their comments start with `#`. */
const YAML_HOST = /\.ya?ml$/i;

const LINE_COMMENT = /\/\/[ \t]*dynamo-guard-ignore-(next-line|line)(?![\w-])([^\r\n]*)/g;
const BLOCK_COMMENT = /\/\*[ \t*]*dynamo-guard-ignore-(next-line|line)(?![\w-])([\s\S]*?)\*\//g;

/** `fileName` picks the dialect (TS, TSX, JS, JSX) the text is parsed as to find its comments. */
export function parseIgnoreComments(
  text: string,
  lineStarts: readonly number[] = computeLineStarts(text),
  fileName = 'source.ts',
  parsed?: ts.SourceFile,
): IgnoreComment[] {
  if (!text.includes(SUPPRESSION_MARKER)) return [];
  if (isPythonFile(fileName)) return parsePythonIgnoreComments(text, lineStarts);
  if (isVtlFile(fileName)) return parseVtlIgnoreComments(text, lineStarts);
  if (YAML_HOST.test(fileName)) return parseVtlIgnoreComments(text, lineStarts, true);
  // A directive spelled inside a string, template or regex must not silence real code; only the
  // tokenizer knows where those end, so the text is parsed rather than matched line by line.
  let sf: ts.SourceFile;
  try {
    sf = parsed && parsed.text === text ? parsed : parseSource(fileName, text);
  } catch {
    // Nested too deeply for the parser (the analysis failed on it too and says so): with no tree,
    // no comment can be told from a string, so none silences anything.
    return [];
  }
  const comments: IgnoreComment[] = [];
  for (const pattern of [LINE_COMMENT, BLOCK_COMMENT]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const inside = commentAt(sf, m.index);
      if (!inside || m.index + m[0].length > inside.end) {
        // Resume right after the `//` or `/*`: a real comment may start inside the rejected match.
        pattern.lastIndex = m.index + 2;
        continue;
      }
      const range = rangeFromOffsets(lineStarts, m.index, m.index + m[0].length);
      const kind = m[1] === 'next-line' ? 'next-line' : 'line';
      comments.push({
        ...range,
        kind,
        ...ignoreDirectiveBody(m[2] ?? ''),
        targetLine: kind === 'next-line' ? range.endLine + 1 : range.line,
      });
    }
  }
  return comments.sort((a, b) => a.offset - b.offset);
}

/** The comment containing `offset`, or undefined when it lies in a token (string, template, regex, JSX text). */
function commentAt(sf: ts.SourceFile, offset: number): { pos: number; end: number } | undefined {
  let node: ts.Node = sf;
  for (;;) {
    const child = node.getChildren(sf).find((c) => c.pos <= offset && offset < c.end);
    if (!child) return undefined;
    if (ts.isJSDoc(child)) return { pos: child.pos, end: child.end };
    if (offset < child.getStart(sf)) {
      // In the trivia before `child`: comments on the previous token's line, then the ones below it.
      const ranges = [
        ...(ts.getTrailingCommentRanges(sf.text, child.pos) ?? []),
        ...(ts.getLeadingCommentRanges(sf.text, child.pos) ?? []),
      ];
      return ranges.find((r) => r.pos <= offset && offset < r.end);
    }
    node = child;
  }
}

/**
 * Marks the findings that valid ignore comments silence (they stay in the list with a
 * `suppression`, so SARIF can carry them) and appends `unused-suppression` findings for comments
 * that have no reason, name an unknown rule, or silence nothing. Findings already marked are left
 * as they are, so applying twice does not double-count.
 */
export function applySuppressions(
  file: string,
  text: string,
  findings: readonly Finding[],
  options: SuppressionOptions = {},
): Finding[] {
  if (!text.includes(SUPPRESSION_MARKER)) return [...findings];
  const lineStarts = computeLineStarts(text);
  const comments = parseIgnoreComments(text, lineStarts, file, options.sourceFile);
  if (comments.length === 0) return [...findings];
  const python = isPythonFile(file);
  const severities = options.severities ?? {};
  const unusedSeverity: SeverityOption =
    severities['unused-suppression'] ?? ruleDefinition('unused-suppression').defaultSeverity;
  const out = findings.map((f) => ({ ...f }));
  const extra: Finding[] = [];
  const report = (comment: IgnoreComment, message: string): void => {
    if (unusedSeverity === 'off') return;
    extra.push({
      rule: 'unused-suppression',
      severity: unusedSeverity,
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
    const mark = python ? '#' : isVtlFile(file) ? '##' : YAML_HOST.test(file) ? '#' : '//';
    if (comment.rules.length === 0) {
      report(
        comment,
        `\`${form}\` names no rule; write \`${mark} ${form} <rule> -- <reason>\` (rules: ${SUPPRESSIBLE_RULES.join(', ')}).`,
      );
      continue;
    }
    const unknown = comment.rules.filter((r) => !(SUPPRESSIBLE_RULES as readonly string[]).includes(r));
    if (unknown.length > 0) {
      report(
        comment,
        `\`${form}\` names unknown rule ${unknown.map((r) => `\`${r}\``).join(', ')}; known rules: ${SUPPRESSIBLE_RULES.join(', ')}.`,
      );
    }
    if (comment.reason === undefined) {
      // An unexplained suppression hides a cost nobody can review later, so it does not count.
      report(
        comment,
        `Suppression of ${comment.rules.map((r) => `\`${r}\``).join(', ')} has no reason, so it is ignored; add one after \` -- \` (\`${mark} ${form} ${comment.rules.join(', ')} -- why this is safe\`).`,
      );
      continue;
    }
    for (const rule of comment.rules) {
      if (!(SUPPRESSIBLE_RULES as readonly string[]).includes(rule)) continue;
      let used = false;
      for (const f of out) {
        if (f.rule !== rule || (comment.kind !== 'file' && f.line !== comment.targetLine)) continue;
        used = true;
        f.suppression ??= { kind: 'inSource', justification: comment.reason };
      }
      if (!used && severities[rule as RuleId] !== 'off') {
        const where =
          comment.kind === 'next-line' ? 'on the next line' : comment.kind === 'file' ? 'in this file' : 'on this line';
        report(comment, `Unused suppression: there is no \`${rule}\` finding ${where}; remove the comment.`);
      }
    }
  }
  return [...out, ...extra];
}
