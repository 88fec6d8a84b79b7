// Which files the VTL front-end reads (AppSync mapping templates), and the cheap text test that
// decides whether one is read at all.

export function isVtlFile(fileName: string): boolean {
  return fileName.toLowerCase().endsWith('.vtl');
}

/** Whether a template can hold a DynamoDB request: every resolver request names its `operation` (in a JSON string, escaped). */
export function mightMatterVtl(text: string): boolean {
  return /["']operation\\?["']/.test(text);
}
