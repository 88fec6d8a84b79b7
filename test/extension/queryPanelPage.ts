// The query panel's page as a person sees it, read and operated through the page driver
// (test/extension/page.ts): its frame is titled like its panel, `Query <table>`. Every read is of the
// live DOM; waits poll for a visible consequence instead of sleeping.
import { formPage, page, type WebviewPage } from './page';
import { until } from './until';

export interface GridCell {
  row: number;
  column: string;
  text: string;
}

/** The query panel page of `table`. */
export function queryPanelPage(table: string) {
  const title = `Query ${table}`;
  const view: WebviewPage = page.webview(title);
  const text = async (selector: string) => (await view.text(selector)).trim();
  const value = async (selector: string) => (await view.query(selector))[0]?.value ?? '';

  const self = {
    title,
    view,
    status: () => text('#status'),
    /** Waits until the status line matches, and returns it. */
    statusMatching: (pattern: RegExp, timeoutMs?: number) =>
      until(
        `the status line of ${title} to match ${pattern}`,
        async () => {
          const s = await text('#status').catch(() => '');
          return pattern.test(s) ? s : undefined;
        },
        timeoutMs,
      ),
    /** The one-sentence problem line, '' when hidden. */
    problem: async () => {
      const [p] = await view.query('#problem');
      return p && p.attributes.hidden === undefined ? p.text.trim() : '';
    },
    /** The error line under a form field (by its name: pk, limit, …), '' when hidden. */
    fieldError: async (field: string) => {
      const [e] = await view.query(`#${field}-error`);
      return e && e.attributes.hidden === undefined ? e.text.trim() : '';
    },
    value,
    checked: async (selector: string) => (await formPage.props(title, selector, ['checked']))[0]?.checked === true,
    /** The table the page shows (its table picker). */
    table: () => value('#table'),
    ariaRowCount: async () => Number((await view.query('.grid'))[0]?.attributes['aria-rowcount']),
    columns: async () => (await view.query('.grid-header .grid-head')).map((h) => h.text.trim()),
    pinnedColumns: async () => (await view.query('.grid-header .grid-head.pinned')).map((h) => h.text.trim()),
    /** Every rendered cell, by row and column name, in page order. */
    cells: async (): Promise<GridCell[]> => {
      const columns = await self.columns();
      return (await view.query('.grid-row .grid-cell')).map((c) => {
        const [, row, column] = /^cell-(\d+)-(\d+)$/.exec(c.attributes.id ?? '') ?? [];
        return { row: Number(row), column: columns[Number(column)] ?? '', text: c.text };
      });
    },
    /** The markup of one cell as the page holds it. */
    cellHtml: async (row: number, column: string) => {
      const c = (await self.columns()).indexOf(column);
      return String((await formPage.props(title, `#cell-${row}-${c}`, ['innerHTML']))[0]?.innerHTML ?? '');
    },
    activeCell: async () => {
      const [cell] = await view.query('.grid-row .grid-cell.active');
      const [, row, column] = /^cell-(\d+)-(\d+)$/.exec(cell?.attributes.id ?? '') ?? [];
      return cell ? { row: Number(row), column: Number(column) } : null;
    },
    /** The JSON view's text, null while it is closed. */
    jsonView: async () => {
      const [aside] = await view.query('aside.json-view');
      return aside && aside.attributes.hidden === undefined ? await view.text('aside.json-view pre.json') : null;
    },
    notes: async () => (await view.query('ul.notes li')).map((n) => n.text.trim()),
    /** The history list's entries, newest first (their text: the list may be folded away). */
    history: async () =>
      (await formPage.props(title, '.history-list .history-text', ['textContent'])).map((h) =>
        String(h.textContent ?? '').trim(),
      ),
    indexOptions: async () => (await view.query('#index option')).map((o) => o.text.trim()),
    loadMoreEnabled: async () =>
      (await view.query('.result-bar button:has-text("Load more")'))[0]?.attributes.disabled === undefined,
    /** How many elements of the page are <img>, and how many carry an inline `on…` handler attribute. */
    imgElements: async () => (await view.query('img')).length,
    inlineHandlers: async () =>
      (await view.query('*')).filter((e) => Object.keys(e.attributes).some((a) => a.startsWith('on'))).length,

    /** Waits until the page is no longer busy (a run, a page or a Scan confirmation in progress). */
    idle: () =>
      until(`${title} to finish its run`, async () => {
        const [app] = await view.query('#app').catch(() => []);
        return app !== undefined && app.attributes['aria-busy'] !== 'true';
      }),
    fill: (field: string, v: string) => view.fill(`#${field}`, v),
    select: (field: string, v: string) => formPage.select(title, `#${field}`, v),
    run: () => view.click('form.query-form button[type="submit"]'),
    loadMore: () => view.click('.result-bar button:has-text("Load more")'),
    clickButton: (label: string) => view.click(`.result-bar button:has-text("${label}")`),
    copyAs: (ariaLabel: string) => view.click(`.result-bar button[aria-label="${ariaLabel}"]`),
    /** Presses a key in the element (focusing it first), as a person typing there would. */
    press: (key: string, selector: string) => view.press(key, selector),
    /** Opens the history list when it is closed, and clicks Run again on its entry at `index` (0 = newest). */
    runAgain: async (index: number) => {
      const [details] = await view.query('details.history');
      if (details?.attributes.open === undefined) await view.click('details.history > summary');
      await view.click(`.history-list > li:nth-child(${index + 1}) button`);
    },
  };
  return self;
}

export type QueryPanelPage = ReturnType<typeof queryPanelPage>;
