// The finding of a file the analyzer could not finish: an error on its first line, as ESLint
// reports a file it cannot parse, so a run that misses its findings does not pass.
import { computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import type { Finding } from './finding';

export function analysisErrorFinding(fileName: string, text: string, reason: string): Finding {
  const newline = text.indexOf('\n');
  const end = newline === -1 ? text.length : newline;
  return {
    ...rangeFromOffsets(computeLineStarts(text.slice(0, end + 1)), 0, end),
    rule: 'analysis-error',
    severity: 'error',
    confidence: 'high',
    file: fileName,
    message: `Dynamo Guard skipped this file: ${reason}.`,
  };
}
