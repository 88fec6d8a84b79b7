// Runs inside the real host for bench/keystrokeHost.ts (through scripts/host/runExtensionTests.ts
// --suites bench/host): edits a 3,000-line file through the editor API and times each edit until
// the extension publishes that version's diagnostics (public onDidChangeDiagnostics), as shipped.
// The peer, in the same host and run: the shipped analyzer bundle timed on the same versions,
// incremental re-analysis against a full re-parse. Writes DYNAMO_GUARD_BENCH_OUT; asserts nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { bigModule } from '../bigModule';
import type * as AnalyzerModule from '../../src/core/entries/analyzer';

export interface KeystrokeBenchResult {
  lines: number;
  edits: number;
  /** Edit request to that version's diagnostics in the Problems API, ms (debounce included). */
  shippedMs: number[];
  /** The analyzer alone on each version: incremental re-analysis and a full re-parse, ms. */
  incrementalMs: number[];
  fullReparseMs: number[];
}

const EDITS = Number(process.env.BENCH_EDITS ?? 40);

describe('keystroke bench', () => {
  it('measures keystroke-to-diagnostic latency on a 3,000-line file', async function () {
    const out = process.env.DYNAMO_GUARD_BENCH_OUT;
    if (!out) this.skip();
    this.timeout(10 * 60_000);
    const ext = vscode.extensions.getExtension('dynamo-guard.dynamo-guard') as vscode.Extension<unknown>;
    await ext.activate();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    const file = path.join(root, 'bench', 'edited.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bigModule());
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    /** The next publication of this document's diagnostics; subscribe before editing. */
    const nextPublication = () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error('no diagnostics within 30 s'));
        }, 30_000);
        const sub = vscode.languages.onDidChangeDiagnostics((e) => {
          if (!e.uris.some((u) => u.toString() === doc.uri.toString())) return;
          clearTimeout(timer);
          sub.dispose();
          resolve();
        });
      });
    const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'dynamo-guard');
    if (ours().length === 0) await nextPublication();
    // A line break inserted and removed in turn: every finding below it moves, so every version publishes.
    const anchor = doc.getText().indexOf('limit = ', doc.getText().length >> 1);

    const texts: string[] = [];
    const shippedMs: number[] = [];
    const edit = async (i: number) => {
      const pos = doc.positionAt(anchor);
      const published = nextPublication();
      const t0 = performance.now();
      await editor.edit((b) =>
        i % 2 === 0 ? b.insert(pos, '\n') : b.delete(new vscode.Range(pos, doc.positionAt(anchor + 1))),
      );
      await published;
      texts.push(doc.getText());
      return performance.now() - t0;
    };
    try {
      for (let i = 0; i < 4; i++) await edit(i); // warm-up
      texts.length = 0;
      for (let i = 0; i < EDITS; i++) shippedMs.push(await edit(i));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }

    // The shipped analyzer bundle on the same versions: incremental (what the editor runs) and the peer.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle the extension ships, loaded as it loads it
    const mod = require(path.join(ext.extensionPath, 'dist', 'analyzer.js')) as typeof AnalyzerModule;
    const options = { tables: [] };
    const analyzer = new mod.Analyzer(options);
    analyzer.updateDocument(file, bigModule());
    const incrementalMs: number[] = [];
    const fullReparseMs: number[] = [];
    let previous = bigModule();
    for (const text of texts) {
      const inserted = text.length > previous.length;
      let t0 = performance.now();
      analyzer.updateDocument(file, text, { start: anchor, oldLength: inserted ? 0 : 1, newLength: inserted ? 1 : 0 });
      incrementalMs.push(performance.now() - t0);
      t0 = performance.now();
      mod.analyzeSource(file, text, options);
      fullReparseMs.push(performance.now() - t0);
      previous = text;
    }
    const result: KeystrokeBenchResult = {
      lines: doc.lineCount,
      edits: EDITS,
      shippedMs,
      incrementalMs,
      fullReparseMs,
    };
    fs.writeFileSync(out, JSON.stringify(result));
  });
});
