// Text that others control (names from workspace code, DescribeTable answers, endpoint errors,
// settings) inside the Markdown and messages the extension shows: every such value goes through
// here, so none of them can add a link, an image, HTML or a line break to what we render.

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line of text: control characters (line breaks included) become spaces. */
export function singleLine(text: string): string {
  return text.replace(CONTROL, ' ');
}

/**
 * Plain text as Markdown that renders as exactly that text, on one line. CommonMark lets every
 * ASCII punctuation character be backslash-escaped, so all of them are: no emphasis, link, image,
 * autolink (`http\://`, `www\.`, `a\@b`), HTML tag, entity (`\&`) or theme icon (`\$(…)`) can form.
 */
export function markdownText(text: string): string {
  return singleLine(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * `text` as an inline code span, shown verbatim: inside a code span nothing is Markdown, so the
 * only way out is a closing fence, and the fence is longer than any run of backticks inside.
 */
export function markdownCode(text: string): string {
  let content = singleLine(text);
  if (content === '') content = ' ';
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each end when both ends have one, so padding is invisible;
  // it is needed when the content starts or ends with a backtick, or already has a space at each end.
  const pad = /^`|`$/.test(content) || /^ .*[^ ].* $/.test(content);
  return pad ? `${fence} ${content} ${fence}` : `${fence}${content}${fence}`;
}

/**
 * Text for a VS Code notification. Notifications turn `[label](target)` into a link (`command:`
 * targets included) and show nothing else as Markdown, so `](` is split; line breaks become spaces.
 */
export function notificationText(text: string): string {
  return singleLine(text).replace(/\]\(/g, '] (');
}
