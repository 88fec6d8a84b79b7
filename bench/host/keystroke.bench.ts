// Measurement for bench/keystroke.ts, run inside the real host only when DYNAMO_GUARD_BENCH_OUT names
// an output file: keystroke-to-diagnostic latency on a 3,000-line file, incremental re-analysis
// against a full re-parse of every version, measured in the same host and run. Asserts nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { bigModule } from '../../../bench/bigModule';

interface Api {
  workspaceFindings: { openFindings(uri: vscode.Uri): { version: number } | undefined };
  diagnostics: {
    tuning: { debounceMs: number; incremental: boolean };
    onDidPublish: vscode.Event<{ uri: vscode.Uri; version: number; analysisMs: number }>;
  };
}

export interface KeystrokeSample {
  /** From the edit request to the diagnostics of that version being published, ms. */
  latencyMs: number;
  /** Of which the analyzer itself, ms. */
  analysisMs: number;
}

const EDITS = Number(process.env.BENCH_EDITS ?? 40);

describe('keystroke bench', () => {
  it('measures keystroke-to-diagnostic latency on a 3,000-line file', async function () {
    const out = process.env.DYNAMO_GUARD_BENCH_OUT;
    if (!out) this.skip();
    this.timeout(10 * 60_000);
    const api = (await vscode.extensions.getExtension<Api>('dynamo-guard.dynamo-guard')?.activate()) as Api;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    const file = path.join(root, 'bench', 'edited.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bigModule());
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    /** Resolves with the analyzer's time once `version` (or a newer one) is published; subscribe before editing. */
    const published = (version: number) => new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`version ${version} was not published within 30 s`));
      }, 30_000);
      const sub = api.diagnostics.onDidPublish((e) => {
        if (e.uri.toString() === doc.uri.toString() && e.version >= version) {
          clearTimeout(timer);
          sub.dispose();
          resolve(e.analysisMs);
        }
      });
    });
    const first = published(doc.version);
    // The first analysis may have been published before the subscription.
    if ((api.workspaceFindings.openFindings(doc.uri)?.version ?? -1) < doc.version) await first;
    else void first.catch(() => undefined);
    const anchor = doc.getText().indexOf('limit = ', doc.getText().length >> 1) + 'limit'.length;

    const measure = async (edits: number): Promise<KeystrokeSample[]> => {
      const samples: KeystrokeSample[] = [];
      for (let i = 0; i < edits; i++) {
        const pos = doc.positionAt(anchor);
        const next = published(doc.version + 1);
        const t0 = performance.now();
        await editor.edit((b) => (i % 2 === 0 ? b.insert(pos, 'X') : b.delete(new vscode.Range(pos, pos.translate(0, 1)))));
        const analysisMs = await next;
        samples.push({ latencyMs: performance.now() - t0, analysisMs });
      }
      return samples;
    };

    const tuning = api.diagnostics.tuning;
    const saved = { ...tuning };
    const results: Record<string, KeystrokeSample[]> = {};
    try {
      // Without the debounce: what the pipeline itself costs per keystroke.
      Object.assign(tuning, { debounceMs: 0, incremental: true });
      await measure(4); // warm-up
      results.incremental = await measure(EDITS);
      Object.assign(tuning, { debounceMs: 0, incremental: false });
      await measure(4);
      results.fullReparse = await measure(EDITS);
      // As shipped: the debounce a typist sees on top.
      Object.assign(tuning, saved);
      results.shipped = await measure(Math.min(10, EDITS));
    } finally {
      Object.assign(tuning, saved);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
    fs.writeFileSync(out, JSON.stringify({ lines: doc.lineCount, edits: EDITS, debounceMs: saved.debounceMs, ...results }));
  });
});
