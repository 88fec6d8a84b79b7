// Quick fixes on dynamo-guard diagnostics: the core's fixes (Scan to Query, a page loop, write
// sharding) as workspace edits, "ignore this line" with a reason asked for, and the rule's doc.
import * as vscode from 'vscode';
import type { Finding } from '../../core/analyzer/finding';
import type { TextEdit } from '../../core/fixes/textEdits';
import { isSuppressible } from '../../core/rules/registry';
import { CommandIds } from '../commandIds';
import type { AnalyzerSession } from './analyzerSession';
import { DIAGNOSTIC_SOURCE, rangeOf } from './diagnosticsController';
import type { WorkspaceFindings } from './workspaceFindings';

/** Which finding an "ignore" action is about; found again by rule and range when the command runs. */
export interface FindingRef {
  rule: string;
  offset: number;
  endOffset: number;
}

export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly options: { session: AnalyzerSession; findings: WorkspaceFindings }) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const open = this.options.findings.openFindings(doc.uri);
    const current = open && open.version === doc.version ? open.findings : [];
    const mod = current.length > 0 ? await this.options.session.module() : undefined;
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const rule = ruleOf(diagnostic);
      if (!rule) continue;
      const finding = current.find((f) => f.rule === rule && rangeOf(f).isEqual(diagnostic.range));
      if (finding && mod) {
        for (const fix of mod.fixesFor(doc.uri.fsPath, doc.getText(), finding, {
          tables: this.options.session.tables,
        })) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred;
          action.edit = toWorkspaceEdit(doc, fix.edits);
          actions.push(action);
        }
      }
      if (finding && isSuppressible(rule)) {
        const ignore = new vscode.CodeAction('Ignore this line (with a reason)…', vscode.CodeActionKind.QuickFix);
        ignore.diagnostics = [diagnostic];
        const ref: FindingRef = { rule, offset: finding.offset, endOffset: finding.endOffset };
        ignore.command = { title: ignore.title, command: CommandIds.ignoreFinding, arguments: [doc.uri, ref] };
        actions.push(ignore);
      }
      const docs = new vscode.CodeAction(`Open the documentation of rule ${rule}`, vscode.CodeActionKind.QuickFix);
      docs.diagnostics = [diagnostic];
      docs.command = { title: docs.title, command: CommandIds.openRuleDoc, arguments: [rule] };
      actions.push(docs);
    }
    return actions;
  }
}

function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits)
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.endOffset)), e.text);
  return edit;
}

/**
 * `dynamoGuard.ignoreFinding`: asks why the finding is acceptable (or takes `reason` from the caller,
 * as tests do) and inserts the ignore comment. Resolves to whether the comment was inserted.
 */
export async function ignoreFinding(
  options: { session: AnalyzerSession; findings: WorkspaceFindings },
  uri: unknown,
  ref: unknown,
  reason?: unknown,
): Promise<boolean> {
  if (!(uri instanceof vscode.Uri) || !isRef(ref)) return false;
  const doc = await vscode.workspace.openTextDocument(uri);
  const open = options.findings.openFindings(uri);
  const finding: Finding | undefined =
    open && open.version === doc.version
      ? open.findings.find((f) => f.rule === ref.rule && f.offset === ref.offset && f.endOffset === ref.endOffset)
      : undefined;
  if (!finding) {
    void vscode.window.showWarningMessage(
      'The code changed since this finding was reported; run the quick fix again on the current line.',
    );
    return false;
  }
  const why =
    typeof reason === 'string'
      ? reason
      : await vscode.window.showInputBox({
          title: `Ignore ${finding.rule} on this line`,
          prompt: 'Why is this acceptable here? The reason stays in the comment for reviewers.',
          placeHolder: 'nightly export, runs off-peak on a small table',
          validateInput: (v) =>
            v.trim() ? undefined : 'A reason is required: an unexplained suppression is itself reported.',
        });
  if (!why?.trim()) return false;
  const mod = await options.session.module();
  const edit = mod.ignoreFindingEdit(uri.fsPath, doc.getText(), finding, why);
  if (!edit) {
    void vscode.window.showWarningMessage(
      'An ignore comment cannot go on this line (it is inside a template literal or JSX text).',
    );
    return false;
  }
  return vscode.workspace.applyEdit(toWorkspaceEdit(doc, [edit]));
}

function isRef(v: unknown): v is FindingRef {
  const r = v as Partial<FindingRef> | undefined;
  return typeof r?.rule === 'string' && typeof r.offset === 'number' && typeof r.endOffset === 'number';
}

/** `dynamoGuard.openRuleDoc`: the rule's markdown doc, rendered. */
export async function openRuleDoc(
  ruleDoc: (rule: string) => vscode.Uri,
  rule: unknown,
): Promise<vscode.Uri | undefined> {
  if (typeof rule !== 'string' || !/^[a-z-]+$/.test(rule)) return undefined;
  const uri = ruleDoc(rule);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
  return uri;
}
