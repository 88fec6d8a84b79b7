// The language of a source file, by its extension: which front-end reads it, what reports say.
import type { SourceLanguage } from '../operations/model';
import { isPythonFile } from '../python/pythonFiles';
import { isVtlFile } from '../vtl/vtlFiles';

/** A source file's language by its extension (`.ts`, `.tsx`, `.mts`, `.cts` are TypeScript). */
export function sourceLanguageOf(fileName: string): SourceLanguage {
  if (isPythonFile(fileName)) return 'python';
  // A `.vtl` template, or a template written inline in YAML or JSON infrastructure.
  if (isVtlFile(fileName) || /\.(?:ya?ml|json|template)$/i.test(fileName)) return 'vtl';
  return /\.[cm]?tsx?$/i.test(fileName) ? 'typescript' : 'javascript';
}
