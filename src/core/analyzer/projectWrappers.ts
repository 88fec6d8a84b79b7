// A project run's first pass: learns the names of the project's functions that reach DynamoDB, so
// that files calling only those wrappers (`getPassesByStatus('active')`) pass the pre-filter.
import { parseSource } from '../syntax/parse';
import type { FileJob } from './projectFileJob';
import { learnFromCandidates, wrapperCallPattern, wrapperCandidates, type WrapperCandidate } from './wrappers';

/** Rounds of admitting files: each round's files may define wrappers of the previous round's. */
const MAX_ROUNDS = 16;

export interface ProjectWrappers {
  /** Wrapper names, sorted; what the analysis of each file is told. */
  names: string[];
  /** Files the pre-filter rejected that call a wrapper: to analyze. */
  admitted: FileJob[];
  /** Files still rejected. */
  rejected: FileJob[];
}

/**
 * Parses the candidate files (keeping each tree on its job, so the analysis on this thread does
 * not parse again), learns their wrapper names, then admits rejected files that call one. A name
 * learned from a later file counts for every earlier one too: the names do not depend on the
 * order the files come in.
 */
export function learnProjectWrappers(jobs: readonly FileJob[], deferred: readonly FileJob[]): ProjectWrappers {
  const names = new Set<string>();
  const candidates: WrapperCandidate[] = [];
  const parse = (job: FileJob): void => {
    try {
      job.sourceFile ??= parseSource(job.file, job.text);
    } catch {
      return; // the analysis reports the file it cannot parse
    }
    candidates.push(...wrapperCandidates(job.sourceFile));
  };
  for (const job of jobs) parse(job);
  learnFromCandidates(candidates, names);

  let rejected = [...deferred];
  const admitted: FileJob[] = [];
  const tested = new Set<string>();
  // Until no rejected file calls a name learned since it was tested: only admitted files bring
  // candidates, and so new names.
  for (let round = 0; round < MAX_ROUNDS && rejected.length > 0; round++) {
    const pattern = wrapperCallPattern([...names].filter((n) => !tested.has(n)));
    for (const n of names) tested.add(n);
    if (!pattern) break;
    const next: FileJob[] = [];
    rejected = rejected.filter((job) => {
      if (!pattern.test(job.text)) return true;
      next.push(job);
      return false;
    });
    if (next.length === 0) break;
    admitted.push(...next);
    for (const job of next) parse(job);
    learnFromCandidates(candidates, names);
  }
  return { names: [...names].sort(), admitted, rejected };
}
