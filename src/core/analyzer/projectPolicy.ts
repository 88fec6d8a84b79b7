// How a project's configuration and paths shape its findings: configured and allowed-scan
// severities per file, root-relative paths, baseline keys and the stable order of findings.
import ignore from 'ignore';
import * as path from 'node:path';
import { relativeInside, toPosix } from '../workspace/fileWalker';
import { ALLOWED_PATHS_RULES, type AllowedPathsKey } from '../rules/registry';
import type { Finding, RuleId, SeverityOption } from './finding';

/** Paths where a rule's findings are expected, and the severity they get there. */
export interface AllowedPaths {
  paths: readonly string[];
  severity?: SeverityOption;
}

/** The parts of `dynamo-guard.config.json` the project run reads (structurally compatible with config.ts). */
export interface ProjectConfig extends Partial<Record<AllowedPathsKey, AllowedPaths>> {
  rules?: Partial<Record<RuleId, SeverityOption>>;
  ignore?: readonly string[];
}

/**
 * The severity a finding gets under a project's configuration, for a file at `rel` (relative to the
 * configuration's folder, forward slashes): the rule's configured severity, lowered for a rule's
 * findings in its allowed paths (`allowScans.paths` for scans, `allowConstantKeys.paths` for
 * hot-key reads). The CLI and the editor both apply it.
 */
export function configuredSeverity(config: ProjectConfig): (finding: Finding, rel: string) => SeverityOption {
  const policy = projectPolicy(config);
  return (f, rel) => policy(f, rel).severity;
}

/** A finding's severity under a project's configuration, and the allowed-paths key that lowered it. */
export interface PolicyOutcome {
  severity: SeverityOption;
  /** The config key (`allowScans`, …) whose paths hold the file, when they lowered the severity. */
  allowedBy?: AllowedPathsKey;
}

/** {@link configuredSeverity}, also naming the allowed-paths key that lowered a finding. */
export function projectPolicy(config: ProjectConfig): (finding: Finding, rel: string) => PolicyOutcome {
  const allowed = new Map<
    RuleId,
    { key: AllowedPathsKey; matches: ((rel: string) => boolean) | undefined; severity: SeverityOption }
  >(
    ALLOWED_PATHS_RULES.map((r) => {
      const key = r.allowedPaths.configKey;
      const allow = config[key];
      return [
        r.id,
        { key, matches: allowedPathsMatcher(allow), severity: allow?.severity ?? r.allowedPaths.defaultSeverity },
      ];
    }),
  );
  return (f, rel) => {
    const severity: SeverityOption = config.rules?.[f.rule] ?? f.severity;
    const allow = allowed.get(f.rule);
    if (!allow?.matches?.(rel)) return { severity };
    const lowered = lowerSeverity(severity, allow.severity);
    return lowered === severity ? { severity } : { severity: lowered, allowedBy: allow.key };
  };
}

/** How a finding's root-relative `file` is written in a baseline stored in `dir`. */
export function baselineFileKey(root: string, dir: string): (f: Finding) => string {
  return (f) => toPosix(path.relative(dir, path.resolve(root, f.file)));
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.message, b.message)
  );
}

function allowedPathsMatcher(allow: AllowedPaths | undefined): ((rel: string) => boolean) | undefined {
  if (!allow || allow.paths.length === 0) return undefined;
  const rules = ignore().add([...allow.paths]);
  return (rel) => !rel.startsWith('../') && rules.ignores(rel);
}

const SEVERITY_RANK: Record<SeverityOption, number> = { off: 0, info: 1, warning: 2, error: 3 };

/** Allowed paths only ever lower a finding's severity, never raise it. */
function lowerSeverity(current: SeverityOption, allowed: SeverityOption): SeverityOption {
  return SEVERITY_RANK[allowed] < SEVERITY_RANK[current] ? allowed : current;
}

export function relativeTo(root: string, file: string): string {
  return toPosix(path.isAbsolute(file) ? relativeInside(root, file) : path.relative(root, path.resolve(root, file)));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
