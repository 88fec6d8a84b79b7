// Every code fix for one finding, computed from the text the finding was reported on; editor-free
// (offsets and replacement text) and never throws: a fix that cannot be made safely is left out.
import type * as ts from 'typescript';
import type { Finding } from '../analyzer/finding';
import { parseSource } from '../syntax/parse';
import type { TableSchema } from '../schema/keySchema';
import { ignoreLineEdit } from './ignoreComment';
import { paginationLoopFix } from './paginationLoop';
import { scanToQueryFix } from './scanToQuery';
import type { Fix, FixKind, TextEdit } from './textEdits';
import { writeShardingFix } from './writeSharding';
import { ruleDefinition } from '../rules/registry';
import { isPythonFile } from '../python/pythonFiles';
import { pythonIgnoreLineEdit } from './pythonIgnoreComment';
import { vtlIgnoreLineEdit } from './vtlIgnoreComment';
import { isVtlFile } from '../vtl/vtlFiles';

export interface FixOptions {
  /** Key schemas the analysis used (the GSI to query, the sort key to shard by). */
  tables: readonly TableSchema[];
}

type FixFunction = (sf: ts.SourceFile, finding: Finding, tables: readonly TableSchema[]) => Fix | undefined;

const FIXES: Readonly<Record<FixKind, FixFunction>> = {
  'scan-to-query': scanToQueryFix,
  'pagination-loop': (sf, finding) => paginationLoopFix(sf, finding),
  'write-sharding': writeShardingFix,
};

/** The fixes for `finding` that its rule lists, best first. */
export function fixesFor(fileName: string, text: string, finding: Finding, options: FixOptions): Fix[] {
  // The rewriting fixes (Scan to Query, a page loop, write sharding) read JS/TS syntax only.
  if (finding.endOffset > text.length || isPythonFile(fileName) || isVtlFile(fileName)) return [];
  try {
    const sf = parseSource(fileName, text);
    return ruleDefinition(finding.rule)
      .fixes.map((kind) => FIXES[kind](sf, finding, options.tables))
      .filter((f): f is Fix => f !== undefined);
  } catch {
    return [];
  }
}

/** The edit that silences `finding` with an ignore comment carrying `reason`; undefined when it cannot be placed. */
export function ignoreFindingEdit(
  fileName: string,
  text: string,
  finding: Finding,
  reason: string,
): TextEdit | undefined {
  if (finding.endOffset > text.length) return undefined;
  if (isPythonFile(fileName)) return pythonIgnoreLineEdit(text, finding, reason);
  if (isVtlFile(fileName)) return vtlIgnoreLineEdit(text, finding, reason);
  try {
    return ignoreLineEdit(parseSource(fileName, text), finding, reason);
  } catch {
    return undefined;
  }
}
