// How a project's configuration and paths shape its findings: configured and allowed-scan
// severities per file, root-relative paths, baseline keys and the stable order of findings.
import ignore from 'ignore';
import * as path from 'node:path';
import { toPosix } from '../workspace/fileWalker';
import type { Finding, RuleId, SeverityOption } from './finding';

/** The parts of `dynamo-guard.config.json` the project run reads (structurally compatible with config.ts). */
export interface ProjectConfig {
  rules?: Partial<Record<RuleId, SeverityOption>>;
  ignore?: readonly string[];
  allowScans?: { paths: readonly string[]; severity?: SeverityOption };
}

/**
 * The severity a finding gets under a project's configuration, for a file at `rel` (relative to the
 * configuration's folder, forward slashes): the rule's configured severity, lowered to the
 * allowed-scan severity for scans in `allowScans.paths`. The CLI and the editor both apply it.
 */
export function configuredSeverity(config: ProjectConfig): (finding: Finding, rel: string) => SeverityOption {
  const allowScans = allowScansMatcher(config.allowScans);
  return (f, rel) => {
    const severity: SeverityOption = config.rules?.[f.rule] ?? f.severity;
    return f.rule === 'scan' && allowScans?.(rel) ? lowerSeverity(severity, config.allowScans?.severity ?? 'info') : severity;
  };
}

/** How a finding's root-relative `file` is written in a baseline stored in `dir`. */
export function baselineFileKey(root: string, dir: string): (f: Finding) => string {
  return (f) => toPosix(path.relative(dir, path.resolve(root, f.file)));
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.message, b.message);
}

function allowScansMatcher(allow: ProjectConfig['allowScans']): ((rel: string) => boolean) | undefined {
  if (!allow || allow.paths.length === 0) return undefined;
  const rules = ignore().add([...allow.paths]);
  return (rel) => !rel.startsWith('../') && rules.ignores(rel);
}

const SEVERITY_RANK: Record<SeverityOption, number> = { off: 0, info: 1, warning: 2, error: 3 };

/** Allowed paths only ever lower a scan's severity, never raise it. */
function lowerSeverity(current: SeverityOption, allowed: SeverityOption): SeverityOption {
  return SEVERITY_RANK[allowed] < SEVERITY_RANK[current] ? allowed : current;
}

export function relativeTo(root: string, file: string): string {
  return toPosix(path.relative(root, path.resolve(root, file)));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
