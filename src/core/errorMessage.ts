// How a caught value reads: its message for a sentence, its full detail (stack and causes) for the
// log. A thrown value need not be an Error, so each takes `unknown`.

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The log's view of a failure: the stack (or message), then each cause in turn. */
export function errorDetail(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && !seen.has(current) && parts.length < 10) {
    seen.add(current);
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    parts.push(parts.length === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

/** One sentence for a notification: the message's first line, ending in a full stop. */
export function errorSentence(err: unknown): string {
  const line = errorMessage(err).split('\n')[0]?.trim() ?? '';
  if (line === '') return 'Something went wrong.';
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
