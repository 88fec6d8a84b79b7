// Query panel grid bench: the real panel page (dist/webview.js and webview.css, built here) in
// headless Debian Chromium receives a `results` message with 10,000 items, and we time it until
// layout and the next frame; the peer, measured in the same page and run, is a naive table that
// renders every row into the DOM. Also times scroll frames through the grid. Prints ratios; asserts nothing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, repoRoot } from '../scripts/host/codeServer';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
  handleMs: number;
  frameMs: number;
  domNodes: number;
}
interface BenchWindow {
  benchItems(n: number): Record<string, unknown>[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js'), '--production'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const script = fs.readFileSync(path.join(repoRoot, 'dist/webview.js'), 'utf8');
  const css = fs
    .readFileSync(path.join(repoRoot, 'dist/webview.css'), 'utf8')
    .replace(/url\([^)]*codicon[^)]*\)/g, 'none');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(
      `<!DOCTYPE html><html><head><style>${css}</style></head><body><main id="app"></main></body></html>`,
    );
    // tsx compiles with keepNames: functions sent to the page call its __name helper.
    await page.evaluate('window.__name = (f) => f');
    await page.evaluate(() => {
      const w = window as unknown as { acquireVsCodeApi: () => unknown; posted: unknown[] };
      w.posted = [];
      let state: unknown;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.posted.push(m),
        getState: () => state,
        setState: (s: unknown) => {
          state = s;
        },
      });
    });
    await page.addScriptTag({ content: script });
    const table = {
      name: 'bench',
      status: 'ACTIVE',
      billingMode: 'PAY_PER_REQUEST',
      tableClass: 'STANDARD',
      region: 'us-east-1',
      partitionKey: { name: 'PK', type: 'S' },
      sortKey: { name: 'SK', type: 'S' },
      indexes: [],
    };
    await page.evaluate((t) => {
      window.dispatchEvent(
        new MessageEvent('message', {
          data: {
            type: 'init',
            places: [{ connection: 'bench', region: 'us-east-1' }],
            place: { connection: 'bench', region: 'us-east-1' },
            tables: ['bench'],
            table: t,
            request: {
              mode: 'query',
              index: '',
              pk: 'X',
              skOp: '',
              sk: '',
              sk2: '',
              limit: '',
              descending: false,
              consistent: false,
              projection: '',
              filter: '',
              readBudget: '100',
            },
            history: [],
            session: { runs: 0, readUnits: 0, costUsd: 0 },
          },
        }),
      );
    }, table);

    // The same 10 attributes per item for both renderers, one in 97 a hostile HTML string.
    await page.evaluate(() => {
      (window as unknown as BenchWindow).benchItems = (n) =>
        Array.from({ length: n }, (_, i) => ({
          PK: `CUSTOMER#c${i % 400}`,
          SK: `ORDER#2026-${String(1 + (i % 12)).padStart(2, '0')}#o${i}`,
          status: ['PAID', 'SHIPPED', 'PENDING'][i % 3] as string,
          total: Math.round(i * 137.3) / 100,
          items: i % 5,
          email: `c${i % 400}@example.com`,
          note: i % 97 === 0 ? '<img src=x onerror=alert(1)>' : `order ${i}`,
          address: { city: 'Lisbon', zip: String(1000 + (i % 900)) },
          tags: { $set: 'SS', values: ['a', 'b'] },
          paid: i % 2 === 0,
        }));
    });

    const measurePanel = (rows: number) =>
      page.evaluate(async (n) => {
        const items = (window as unknown as BenchWindow).benchItems(n);
        const message = {
          type: 'results',
          append: false,
          items,
          keyNames: ['PK', 'SK'],
          run: {
            mode: 'query',
            count: n,
            scannedCount: n,
            readUnits: 120,
            costUsd: 0.000015,
            pages: 1,
            stoppedByBudget: false,
          },
          session: { runs: 1, readUnits: 120, costUsd: 0.000015 },
          hasMore: false,
          notes: [],
        };
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: message }));
        void document.body.offsetHeight;
        const t1 = performance.now();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t2 = performance.now();
        return { handleMs: t1 - t0, frameMs: t2 - t0, domNodes: document.querySelectorAll('.grid *').length };
      }, rows);

    const measureNaive = (rows: number) =>
      page.evaluate(async (n) => {
        const items = (window as unknown as BenchWindow).benchItems(n);
        document.getElementById('naive')?.remove();
        const host = document.createElement('div');
        host.id = 'naive';
        host.style.cssText =
          'position:fixed;inset:200px 14px 14px 14px;overflow:auto;background:var(--vscode-editor-background)';
        document.body.append(host);
        const t0 = performance.now();
        // Every row in the DOM, text only: what a grid without virtualisation does.
        const columns = [...new Set(items.flatMap((i) => Object.keys(i)))];
        const tableEl = document.createElement('table');
        const head = tableEl.createTHead().insertRow();
        for (const c of columns) head.insertCell().textContent = c;
        const body = tableEl.createTBody();
        for (const item of items) {
          const row = body.insertRow();
          for (const c of columns) {
            const v = item[c];
            row.insertCell().textContent = typeof v === 'string' ? v : JSON.stringify(v);
          }
        }
        host.append(tableEl);
        void document.body.offsetHeight;
        const t1 = performance.now();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t2 = performance.now();
        const domNodes = host.querySelectorAll('*').length;
        host.remove();
        return { handleMs: t1 - t0, frameMs: t2 - t0, domNodes };
      }, rows);

    const measureScroll = () =>
      page.evaluate(async () => {
        const grid = document.querySelector('.grid') as HTMLElement;
        const times: number[] = [];
        for (let i = 1; i <= 20; i++) {
          const t0 = performance.now();
          grid.scrollTop = (grid.scrollHeight - grid.clientHeight) * (i / 20);
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        return {
          medianMs: times[10] as number,
          maxMs: times[19] as number,
          renderedRows: document.querySelectorAll('.grid-row').length,
        };
      });

    const panel: Sample[] = [];
    const naive: Sample[] = [];
    // Alternate the two so machine noise hits both alike.
    for (let r = 0; r < RUNS; r++) {
      panel.push(await measurePanel(ROWS));
      naive.push(await measureNaive(ROWS));
    }
    const scroll = await measureScroll();
    const hostile = await page.evaluate(() => ({ imgs: document.querySelectorAll('img').length }));
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);

    const p = {
      handle: median(panel.map((s) => s.handleMs)),
      frame: median(panel.map((s) => s.frameMs)),
      nodes: panel[0]?.domNodes ?? 0,
    };
    const n = {
      handle: median(naive.map((s) => s.handleMs)),
      frame: median(naive.map((s) => s.frameMs)),
      nodes: naive[0]?.domNodes ?? 0,
    };
    console.log(
      `grid render, ${ROWS.toLocaleString('en-US')} rows x 10 attributes, headless Chromium, median of ${RUNS} alternating runs`,
    );
    console.log(
      `  query panel (virtualised): results message handled + layout ${p.handle.toFixed(1)} ms, first frame ${p.frame.toFixed(1)} ms, ${p.nodes} grid DOM nodes`,
    );
    console.log(
      `  naive full table (peer):   render + layout ${n.handle.toFixed(1)} ms, first frame ${n.frame.toFixed(1)} ms, ${n.nodes} DOM nodes`,
    );
    console.log(
      `  ratio naive / panel: ${(n.frame / p.frame).toFixed(1)}x to first frame, ${(n.nodes / Math.max(1, p.nodes)).toFixed(0)}x DOM nodes`,
    );
    console.log(
      `  scrolling the grid end to end in 20 jumps: median ${scroll.medianMs.toFixed(1)} ms, worst ${scroll.maxMs.toFixed(1)} ms per jump (two frames), ${scroll.renderedRows} rows in the DOM`,
    );
    console.log(`  <img> elements created from item values: ${hostile.imgs}`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
