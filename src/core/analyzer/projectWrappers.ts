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

  let rejected = [...deferred];
  const admitted: FileJob[] = [];
  const tested = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = names.size;
    learnFromCandidates(candidates, names);
    // Files already tested against earlier names need testing only against the new ones.
    const pattern = rejected.length > 0 ? wrapperCallPattern([...names].filter((n) => !tested.has(n))) : undefined;
    for (const n of names) tested.add(n);
    const next: FileJob[] = [];
    if (pattern)
      rejected = rejected.filter((job) => {
        if (!pattern.test(job.text)) return true;
        next.push(job);
        return false;
      });
    admitted.push(...next);
    for (const job of next) parse(job);
    learnFromCandidates(candidates, names);
    if (names.size === before && next.length === 0) break;
  }
  return { names: [...names].sort(), admitted, rejected };
}
