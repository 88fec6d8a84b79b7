// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: rules with help, results with
// stable fingerprints, in-source suppressions carried as SARIF suppressions, and artifact paths
// relative to the repository root (%SRCROOT%), which code scanning matches against its checkout.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../../core/analyzer/finding';
import type { SourceRange } from '../../core/syntax/positions';
import { isIncomplete, repositoryPath, type ReportInput } from './reportInput';
import { RULES } from '../../core/rules/registry';
import { INFORMATION_URI, ruleDocsUrl } from './ruleCatalog';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF artifact URIs are URI references: encode each path segment, keep the slashes. */
export function fileUri(file: string): string {
  return file
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function region(r: SourceRange): Record<string, number> {
  return {
    startLine: r.line,
    startColumn: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    charOffset: r.offset,
    charLength: Math.max(0, r.endOffset - r.offset),
  };
}

/** The base every relative artifact URI resolves against. */
export const SRCROOT = '%SRCROOT%';

/**
 * An artifact location: relative to %SRCROOT% (the repository root) when the file lies inside it,
 * else an absolute file URI (a path outside the repository, checked by name).
 */
function artifactLocation(input: ReportInput, file: string): Record<string, string> {
  const rel = repositoryPath(input, file);
  if (rel !== undefined) return { uri: fileUri(rel), uriBaseId: SRCROOT };
  return { uri: pathToFileURL(path.resolve(input.location?.cwd ?? '.', file)).href };
}

/** `file:///repo/` with the trailing slash SARIF requires of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export function buildSarif(input: ReportInput): Record<string, unknown> {
  const rules = RULES.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.shortDescription },
    fullDescription: { text: r.fullDescription },
    help: { text: r.help, markdown: `${r.help}\n\n[Rule documentation](${ruleDocsUrl(r.id)})` },
    helpUri: ruleDocsUrl(r.id),
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: {
      tags: r.tags,
      precision: r.precision,
      'problem.severity': r.defaultSeverity === 'info' ? 'recommendation' : r.defaultSeverity,
    },
  }));
  const location = (file: string, r: SourceRange): Record<string, unknown> => ({
    physicalLocation: { artifactLocation: artifactLocation(input, file), region: region(r) },
  });
  const results = input.findings.map((f: Finding) => ({
    ruleId: f.rule,
    ruleIndex: RULES.findIndex((r) => r.id === f.rule),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, f)],
    partialFingerprints: { 'dynamoGuardFindingHash/v1': f.fingerprint ?? `${f.rule}:${f.line}:${f.column}` },
    ...(f.related && f.related.length > 0
      ? { relatedLocations: f.related.map((r, id) => ({ id, ...location(r.file, r), message: { text: r.message } })) }
      : {}),
    ...(f.suppression
      ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification }] }
      : {}),
    properties: { confidence: f.confidence, ...(f.table !== undefined ? { table: f.table } : {}) },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dynamo-guard',
            informationUri: INFORMATION_URI,
            semanticVersion: input.toolVersion,
            version: input.toolVersion,
            rules,
          },
        },
        ...(input.location
          ? {
              originalUriBaseIds: {
                [SRCROOT]: {
                  uri: directoryUri(input.location.repositoryRoot),
                  description: { text: 'The repository root.' },
                },
              },
            }
          : {}),
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            // A path that is missing or a file that cannot be read means the run did not cover what it was asked to.
            executionSuccessful: !input.problems.some(isIncomplete),
            toolExecutionNotifications: input.problems.map((p) => ({
              level: isIncomplete(p) ? 'error' : 'warning',
              message: { text: p.message },
              ...(p.file
                ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(input, p.file) } }] }
                : {}),
            })),
          },
        ],
      },
    ],
  };
}

export function formatSarif(input: ReportInput): string {
  return JSON.stringify(buildSarif(input), null, 2) + '\n';
}
