// A project run's first pass: learns the names of the project's functions that reach DynamoDB, so
// that files calling only those wrappers (`getPassesByStatus('active')`) pass the pre-filter.
import { parseSource } from '../syntax/parse';
import type { FileJob } from './projectFileJob';
import { learnWrapperNames, wrapperCallPattern } from './wrappers';

/** Rounds of admitting files: each round's files may define wrappers of the previous round's. */
const MAX_ROUNDS = 6;

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
 * not parse again), learns their wrapper names, then admits rejected files that call one.
 */
export function learnProjectWrappers(jobs: FileJob[], deferred: readonly FileJob[]): ProjectWrappers {
  const names = new Set<string>();
  let rejected = [...deferred];
  const admitted: FileJob[] = [];
  let round: FileJob[] = jobs;
  const tested = new Set<string>();
  // The names are learned even when no file is rejected: the editor keeps them for the files it opens.
  for (let i = 0; i < MAX_ROUNDS && round.length > 0; i++) {
    for (const job of round) {
      try {
        job.sourceFile ??= parseSource(job.file, job.text);
      } catch {
        continue; // the analysis reports the file it cannot parse
      }
      learnWrapperNames(job.sourceFile, names);
    }
    if (rejected.length === 0) break;
    // Files already tested against earlier names need testing only against the new ones.
    const pattern = wrapperCallPattern([...names].filter((n) => !tested.has(n)));
    for (const n of names) tested.add(n);
    if (!pattern) break;
    const next: FileJob[] = [];
    rejected = rejected.filter((job) => {
      if (!pattern.test(job.text)) return true;
      next.push(job);
      return false;
    });
    admitted.push(...next);
    round = next;
  }
  return { names: [...names].sort(), admitted, rejected };
}
