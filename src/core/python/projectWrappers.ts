// A project run's first pass for Python: learns the names of the project's functions that reach
// DynamoDB, so that files calling only those wrappers (`repo.find_all_jobs()`) pass the pre-filter.
import type { FileJob } from '../analyzer/projectFileJob';
import { callsImportedWrapper, learnPythonWrapperNames, pythonWrapperCallPattern } from './wrapperNames';

/** Rounds of admitting files: each round's files may define wrappers of the previous round's. */
const MAX_ROUNDS = 6;
/** Passes over one round's files while they teach new names. */
const MAX_PASSES = 4;

export interface PythonProjectWrappers {
  /** Wrapper names, sorted. */
  names: string[];
  /** Files the pre-filter rejected that call a wrapper: to analyze. */
  admitted: FileJob[];
  /** Files still rejected. */
  rejected: FileJob[];
}

/** Learns the wrapper names of the Python files a run analyzes, then admits rejected files that call one. */
export function learnPythonProjectWrappers(
  jobs: readonly FileJob[],
  deferred: readonly FileJob[],
): PythonProjectWrappers {
  const names = new Set<string>();
  let rejected = [...deferred];
  const admitted: FileJob[] = [];
  let round: readonly FileJob[] = jobs;
  const tested = new Set<string>();
  // The names are learned even when no file is rejected: the editor keeps them for the files it opens.
  for (let i = 0; i < MAX_ROUNDS && round.length > 0; i++) {
    // Until no name is added: a file may call the wrappers of a file read after it.
    for (let pass = 0, before = -1; pass < MAX_PASSES && names.size !== before; pass++) {
      before = names.size;
      for (const job of round) learnPythonWrapperNames(job.text, names);
    }
    if (rejected.length === 0) break;
    // Files already tested against earlier names need testing only against the new ones.
    const pattern = pythonWrapperCallPattern([...names].filter((n) => !tested.has(n)));
    const grew = tested.size !== names.size;
    for (const n of names) tested.add(n);
    if (!grew) break;
    const next: FileJob[] = [];
    rejected = rejected.filter((job) => {
      if (!pattern?.test(job.text) && !callsImportedWrapper(job.text, names)) return true;
      next.push(job);
      return false;
    });
    admitted.push(...next);
    round = next;
  }
  return { names: [...names].sort(), admitted, rejected };
}
