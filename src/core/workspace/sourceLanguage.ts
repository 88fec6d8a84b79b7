// The language of a source file, by its extension: which front-end reads it, what reports say.
import type { SourceLanguage } from '../operations/model';
import { isPythonFile } from '../python/pythonFiles';

/** A source file's language by its extension (`.ts`, `.tsx`, `.mts`, `.cts` are TypeScript). */
export function sourceLanguageOf(fileName: string): SourceLanguage {
  if (isPythonFile(fileName)) return 'python';
  return /\.[cm]?tsx?$/i.test(fileName) ? 'typescript' : 'javascript';
}
