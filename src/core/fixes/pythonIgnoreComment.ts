// The "ignore this line" fix in Python: a `# dynamo-guard-ignore-next-line` comment with the reason
// above the finding's line, merged into one already there, and never inside a string (a docstring)
// or after a backslash continuation, where a new line would change the program.
import type { Finding } from '../analyzer/finding';
import { insidePythonString } from '../python/pythonIgnoreComments';
import { lineCommentIgnoreEdit } from './lineCommentIgnore';
import type { TextEdit } from './textEdits';

export function pythonIgnoreLineEdit(text: string, finding: Finding, reason: string): TextEdit | undefined {
  return lineCommentIgnoreEdit(text, finding, reason, {
    prefix: '#',
    canInsertAt: (t, lineStart, previous) => !insidePythonString(t, lineStart) && !previous?.endsWith('\\'),
  });
}
