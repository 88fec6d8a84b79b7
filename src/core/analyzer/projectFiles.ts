// The file side of a project run: walks the paths, reads each file once, skips what cannot or need
// not be analyzed, and hands out the analysis jobs and, on request, every file's key schemas.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  isInfrastructureFile,
  isSchemaCandidate,
  MAX_SCHEMA_FILE_BYTES,
  schemasFromFile,
  type ParseSink,
} from '../schema/discover';
import type { SchemaFileResult } from '../schema/keySchema';
import type { ModuleResolver } from '../syntax/bindings';
import { inFolder } from '../schema/serviceScope';
import { looksMinified, walkSourceFiles, type WalkResult } from '../workspace/fileWalker';
import {
  decodeSource,
  MAX_SOURCE_BYTES,
  readSourceFile,
  tooLarge,
  type NoteReason,
  type SkipReason,
  type SourceRead,
} from '../workspace/sourceText';
import { ModuleCache } from './analyze';
import { fingerprintFindings } from './baseline';
import type { Finding, RuleId, SeverityOption } from './finding';
import { ModuleLayout, type LayoutReader } from './packageModules';
import type { AnalysisContext, FileJob } from './projectFileJob';
import { PythonAnalyzer } from '../python/analyzePython';
import { isPythonFile, mightMatterPython } from '../python/pythonFiles';
import { pythonLayerCandidates, pythonLayerRoots, pythonModuleCandidates } from '../python/pythonModules';
import { mightMatter } from './sourceIndex';
import { isVtlFile, mightMatterVtl } from '../vtl/vtlFiles';
import { mayHoldInlineTemplate } from '../vtl/inlineTemplates';
import { mayMapTemplates, templateTables, type TemplateTable } from '../vtl/dataSources';
import { applySuppressions, SUPPRESSION_MARKER } from './suppressions';
import { errorMessage } from '../errorMessage';

export interface ProjectProblem {
  file?: string;
  message: string;
  /** What kind of problem: a skipped file's reason, or `encoding` for a file analyzed with replaced bytes. */
  reason?: SkipReason | NoteReason;
}

export interface ProjectFilesInput {
  /** Absolute folder the paths are resolved against. */
  root: string;
  /** Files or folders to walk (those given by content left out). */
  paths: readonly string[];
  /** Bytes to check in place of reading the disk, by absolute path. */
  contents: ReadonlyMap<string, Uint8Array>;
  ignore?: readonly string[];
  include?: (file: string) => boolean;
  nestedProjectMarkers?: readonly string[];
  severities: Partial<Record<RuleId, SeverityOption>>;
  /** Also list the infrastructure files and read every candidate's key schemas from the same reads. */
  discoverSchemas: boolean;
}

export interface ProjectFiles {
  walk: WalkResult;
  /** Files given by content that the walk did not find, absolute. */
  given: string[];
  jobs: FileJob[];
  problems: ProjectProblem[];
  filesSkipped: number;
  /**
   * Files the pre-filter rejects, text kept: a project run admits those that call the project's
   * own DynamoDB wrappers and hands the rest to `unusedSuppressions`.
   */
  deferred: FileJob[];
  /** Key schemas per file, when `discoverSchemas` is set. */
  schemaFiles: { file: string; result: SchemaFileResult }[];
  /** VTL request templates whose resolver's data source names a table (from the infrastructure files). */
  templateTables: TemplateTable[];
  /**
   * Walked files read from disk, absolute: the text, or undefined when it could not be read as source.
   * Every file up to MAX_KEPT_TEXT characters in all (analysis jobs hold theirs anyway), for the
   * resolution of relative imports.
   */
  texts: Map<string, string | undefined>;
  /** Modules discovery parsed while following imports (when it had to): the analysis reuses them. */
  modules?: ModuleCache;
}

/** Characters of walked files kept for import resolution beyond the analysis jobs' own: bounds a huge tree's memory. */
export const MAX_KEPT_TEXT = 32 * 1024 * 1024;

export function readProjectFiles(input: ProjectFilesInput): ProjectFiles {
  const { root, contents } = input;
  const walk: WalkResult =
    input.paths.length === 0 && contents.size > 0
      ? { files: [], others: [], minified: [], nested: [], problems: [] }
      : walkSourceFiles({
          root,
          paths: input.paths,
          ...(input.ignore ? { ignoreGlobs: input.ignore } : {}),
          // Infrastructure files hold key schemas, and AppSync resolvers' templates and data sources.
          alsoList: isInfrastructureFile,
          ...(input.include ? { include: input.include } : {}),
          ...(input.nestedProjectMarkers ? { nestedProjectMarkers: input.nestedProjectMarkers } : {}),
        });
  const given = [...contents.keys()].map((f) => path.resolve(f)).filter((f) => !walk.files.includes(f));
  const problems: ProjectProblem[] = walk.problems.map((p) => ({ file: p.path, message: p.message, reason: p.reason }));
  // A FIFO or device the walk could not read is a file skipped; a missing path or unreadable folder is not a file.
  let filesSkipped = walk.problems.filter(
    (p) => p.reason === 'unreadable' && p.message === 'cannot read: not a regular file',
  ).length;
  const jobs: FileJob[] = [];
  const deferred: FileJob[] = [];
  const schemaFiles: { file: string; result: SchemaFileResult }[] = [];
  const vtlTables: TemplateTable[] = [];
  const texts = new Map<string, string | undefined>();
  let kept = 0;
  // An ORM table built in a package of a monorepo belongs to that package, as a template's table
  // belongs to its service: packages naming their tables by the same env var keep their own keys.
  const packageFolders = new Map<string, string | null>();
  const packageOf = (folder: string): string | undefined => {
    if (folder === root || !inFolder(folder, root)) return undefined;
    const cached = packageFolders.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    const found =
      diskLayoutReader.readText(path.join(folder, 'package.json')) !== undefined
        ? folder
        : packageOf(path.dirname(folder));
    packageFolders.set(folder, found ?? null);
    return found;
  };
  const scopedToPackage = (result: SchemaFileResult, file: string): SchemaFileResult => {
    if (!result.tables.some((t) => t.orm && !t.service)) return result;
    const folder = packageOf(path.dirname(file));
    if (!folder) return result;
    return {
      ...result,
      tables: result.tables.map((t) => (t.orm && !t.service ? { ...t, service: { root: folder, handlers: [] } } : t)),
    };
  };
  // ORM tables built with a model class a project module re-exports: discovery follows those imports.
  let modules: ModuleCache | undefined;
  const schemaModules = (): ModuleCache => (modules ??= new ModuleCache(moduleResolver(texts)));
  const readWalked = (file: string): SourceRead => {
    const read = readSourceFile(file, { walked: true });
    if (!read.ok) texts.set(file, undefined);
    return read;
  };
  /** `held`: the text passed the pre-filter, so an analysis job holds it anyway. */
  const keep = (file: string, text: string, held: boolean): void => {
    if (!held && kept + text.length > MAX_KEPT_TEXT) return;
    texts.set(file, text);
    if (!held) kept += text.length;
  };
  const skip = (file: string, reason: SkipReason, message: string): void => {
    filesSkipped++;
    problems.push({ file, message, reason });
  };

  for (const file of walk.minified) {
    const read = readWalked(file);
    if (!read.ok) {
      skip(file, read.reason, read.message);
      continue;
    }
    const matters = mightMatter(read.text);
    keep(file, read.text, matters);
    // A bundle that cannot hold a DynamoDB call would have found nothing anyway: no skip to report.
    if (matters)
      skip(
        file,
        'minified',
        'skipped: minified by its name; findings in it are not reported (list it under `ignore` if it is a build artefact)',
      );
  }
  for (const file of [...walk.files, ...given]) {
    const bytes = contents.get(file);
    const read =
      bytes === undefined ? readWalked(file) : bytes.byteLength > MAX_SOURCE_BYTES ? tooLarge() : decodeSource(bytes);
    if (!read.ok) {
      skip(file, read.reason, read.message);
      continue;
    }
    if (read.note) problems.push({ file, message: read.note.message, reason: read.note.reason });
    const text = read.text;
    const matters = isPythonFile(file)
      ? mightMatterPython(text)
      : isVtlFile(file)
        ? mightMatterVtl(text)
        : mightMatter(text);
    if (bytes === undefined) keep(file, text, matters);
    if (matters && looksMinified(text)) {
      skip(
        file,
        'minified',
        'skipped: minified (nearly all of it is on lines over 500 characters); findings in it are not reported',
      );
      continue;
    }
    // One parse per file: a script that discovery reads for key schemas hands its tree to the analysis.
    const sink: ParseSink = {};
    if (input.discoverSchemas && text.length <= MAX_SCHEMA_FILE_BYTES && isSchemaCandidate(file))
      schemaFiles.push({
        file,
        result: scopedToPackage(
          schemasFromFile(file, text, sink, schemaModules(), {
            rejectedByPrefilter: !matters && !isPythonFile(file) && !isVtlFile(file),
          }),
          file,
        ),
      });
    if (matters) jobs.push(sink.sourceFile ? { file, text, sourceFile: sink.sourceFile } : { file, text });
    else deferred.push({ file, text });
  }
  for (const file of walk.others) {
    const read = readSourceFile(file, { walked: true });
    if (read.ok && read.text.length <= MAX_SCHEMA_FILE_BYTES) {
      if (input.discoverSchemas) schemaFiles.push({ file, result: schemasFromFile(file, read.text) });
      // A resolver's request template written inline in the template is analyzed as VTL.
      if (mayHoldInlineTemplate(read.text)) jobs.push({ file, text: read.text });
      if (mayMapTemplates(read.text)) vtlTables.push(...templateTables(file, read.text));
    }
    // Key schemas in it may be missing; binary or huge infrastructure files are simply not schema sources.
    else if (input.discoverSchemas && !read.ok && read.reason === 'unreadable')
      problems.push({ file, message: read.message, reason: read.reason });
  }
  return {
    walk,
    given,
    jobs,
    problems,
    filesSkipped,
    deferred,
    schemaFiles,
    templateTables: vtlTables,
    texts,
    ...(modules ? { modules } : {}),
  };
}

/** A file the analysis never reads has no findings, so any ignore comment in it is unused. */
export function unusedSuppressions(job: FileJob, severities: Partial<Record<RuleId, SeverityOption>>): Finding[] {
  if (!job.text.includes(SUPPRESSION_MARKER)) return [];
  return fingerprintFindings(applySuppressions(job.file, job.text, [], { severities }), job.text);
}

/** Reads tsconfig and package.json files and lists folders from disk, for `ModuleLayout`. */
export const diskLayoutReader: LayoutReader = {
  readText(file) {
    try {
      const stat = fs.statSync(file);
      return stat.isFile() && stat.size <= MAX_SOURCE_BYTES ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  subfolders(folder) {
    try {
      return fs
        .readdirSync(folder, { withFileTypes: true })
        .filter((d) => d.isDirectory() || d.isSymbolicLink())
        .map((d) => d.name);
    } catch {
      return [];
    }
  },
};

/**
 * Imports of the project's own code (relative ones, tsconfig `paths` aliases, workspace packages,
 * Lambda layers), read once per run (per thread): from `walked`, the texts the walk already read,
 * else from disk.
 */
export function moduleResolver(walked?: ReadonlyMap<string, string | undefined>): ModuleResolver {
  const cache = new Map<string, { fileName: string; text: string } | undefined>();
  const layout = new ModuleLayout(diskLayoutReader);
  return (fromFile, specifier) => {
    const key = `${path.dirname(fromFile)}\u0000${specifier}`;
    if (cache.has(key)) return cache.get(key);
    let found: { fileName: string; text: string } | undefined;
    for (const candidate of layout.candidates(fromFile, specifier)) {
      if (walked?.has(candidate)) {
        const text = walked.get(candidate);
        if (text === undefined) continue;
        found = { fileName: candidate, text };
        break;
      }
      try {
        if (!fs.statSync(candidate).isFile()) continue;
      } catch {
        continue;
      }
      const read = readSourceFile(candidate);
      if (read.ok) {
        found = { fileName: candidate, text: read.text };
        break;
      }
    }
    cache.set(key, found);
    return found;
  };
}

/**
 * Python imports of project modules, read from disk once per run (per thread); where they are
 * looked for is `pythonModuleCandidates`.
 */
export function pythonModuleResolver(
  root: string,
): (fromFile: string, name: string) => { fileName: string; text: string } | undefined {
  const cache = new Map<string, { fileName: string; text: string } | undefined>();
  // Every file of a folder looks an import up in the same places: one answer per folder and name.
  const answers = new Map<string, { fileName: string; text: string } | undefined>();
  // The project's layer folders, looked for once, when an import is first found nowhere else.
  let layerRoots: string[] | undefined;
  return (fromFile, name) => {
    const key = `${path.dirname(fromFile)}\u0000${name}`;
    if (answers.has(key)) return answers.get(key);
    const found = resolve(fromFile, name);
    answers.set(key, found);
    return found;
  };
  function resolve(fromFile: string, name: string): { fileName: string; text: string } | undefined {
    const found = firstFound(pythonModuleCandidates(fromFile, name, root));
    if (found || name.startsWith('.')) return found;
    layerRoots ??= pythonLayerRoots(root, diskLayoutReader);
    return firstFound(pythonLayerCandidates(name, layerRoots));
  }
  function firstFound(candidates: readonly string[]): { fileName: string; text: string } | undefined {
    for (const candidate of candidates) {
      if (!cache.has(candidate)) {
        let found: { fileName: string; text: string } | undefined;
        try {
          if (fs.statSync(candidate).isFile()) {
            const read = readSourceFile(candidate);
            if (read.ok) found = { fileName: candidate, text: read.text };
          }
        } catch {
          found = undefined;
        }
        cache.set(candidate, found);
      }
      const hit = cache.get(candidate);
      if (hit) return hit;
    }
    return undefined;
  }
}

/** The Python analyzer a run needs when some of its files are Python; the parser loads only then. */
export async function pythonAnalyzerFor(
  jobs: readonly FileJob[],
  context: AnalysisContext,
): Promise<{ analyzer?: PythonAnalyzer; problem?: string }> {
  if (!jobs.some((j) => isPythonFile(j.file))) return {};
  try {
    return {
      analyzer: await PythonAnalyzer.create({
        tables: context.tables,
        severities: context.severities,
        resolveModule: pythonModuleResolver(context.root ?? path.parse(process.cwd()).root),
        ...(context.wrapperNames ? { wrapperNames: context.wrapperNames } : {}),
      }),
    };
  } catch (err) {
    return { problem: `Python files are not analyzed: ${errorMessage(err)}` };
  }
}
