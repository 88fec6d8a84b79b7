// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: rules with help, results with
// stable fingerprints, and in-source suppressions carried as SARIF suppressions.
import type { Finding, Severity, SourceRange } from '../../core/analyzer/finding';
import type { ReportInput } from './reportInput';
import { INFORMATION_URI, RULES, ruleDocsUrl } from './ruleCatalog';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF artifact URIs are URI references: encode each path segment, keep the slashes. */
export function fileUri(file: string): string {
  return file.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function region(r: SourceRange): Record<string, number> {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn, charOffset: r.offset, charLength: Math.max(0, r.endOffset - r.offset) };
}

function location(file: string, r: SourceRange): Record<string, unknown> {
  return { physicalLocation: { artifactLocation: { uri: fileUri(file), uriBaseId: '%SRCROOT%' }, region: region(r) } };
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
    properties: { tags: r.tags, precision: r.id === 'scan' ? 'very-high' : 'high', 'problem.severity': r.defaultSeverity === 'info' ? 'recommendation' : r.defaultSeverity },
  }));
  // A path that is missing or a file that cannot be read means the run did not cover what it was asked to.
  const incomplete = (p: ReportInput['problems'][number]): boolean => p.reason === 'missing' || p.reason === 'unreadable';
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
    ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification }] } : {}),
    properties: { confidence: f.confidence, ...(f.table !== undefined ? { table: f.table } : {}) },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dynamo-guard', informationUri: INFORMATION_URI, semanticVersion: input.toolVersion, version: input.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{
          executionSuccessful: !input.problems.some(incomplete),
          toolExecutionNotifications: input.problems.map((p) => ({
            level: incomplete(p) ? 'error' : 'warning',
            message: { text: p.message },
            ...(p.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(p.file), uriBaseId: '%SRCROOT%' } } }] } : {}),
          })),
        }],
      },
    ],
  };
}

export function formatSarif(input: ReportInput): string {
  return JSON.stringify(buildSarif(input), null, 2) + '\n';
}
