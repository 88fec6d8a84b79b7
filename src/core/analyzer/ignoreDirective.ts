// The text after `dynamo-guard-ignore-<kind>` in an ignore comment of any language: the rules it
// names (comma or space separated) and, after ` --`, the reason. Parser-free.

export function ignoreDirectiveBody(raw: string): { rules: string[]; reason?: string } {
  const body = raw.replace(/\s+/g, ' ');
  const sep = body.indexOf(' --');
  const rulePart = sep >= 0 ? body.slice(0, sep) : body;
  const reason = sep >= 0 ? body.slice(sep + 3).trim() : '';
  return {
    rules: rulePart.split(/[,\s]+/).filter((r) => r.length > 0),
    ...(reason.length > 0 ? { reason } : {}),
  };
}
