// The "ignore this line" fix in an AppSync VTL template: a `## dynamo-guard-ignore-next-line`
// comment with the reason above the finding's line, merged into one already there.
import type { Finding } from '../analyzer/finding';
import { lineCommentIgnoreEdit } from './lineCommentIgnore';
import type { TextEdit } from './textEdits';

/** `##` starts a VTL line comment, and a string never spans lines: the comment can always go in. */
export function vtlIgnoreLineEdit(text: string, finding: Finding, reason: string): TextEdit | undefined {
  return lineCommentIgnoreEdit(text, finding, reason, { prefix: '##', canInsertAt: () => true });
}
