// What the workbench page shows, read and operated through the host launcher's page driver
// (scripts/host/pageDriver.ts: Playwright on the live Chromium page), for suites that run inside the
// extension host. Where no launcher drives a page (test-electron), `page.available` is false and
// suites that need the page skip.
import * as http from 'node:http';

/** One rendered row of a tree view. `path` is the labels from the root down to this row. */
export interface TreeRow {
  path: string[];
  label: string;
  description: string;
  /** What a screen reader says for the row (VS Code builds it from the label and tooltip). */
  ariaLabel: string;
  level: number;
  /** undefined when the row has no children to show. */
  expanded?: boolean;
  /** The codicon the row shows (`flame`, `pass`, …). */
  icon?: string;
  /** Titles of the inline actions rendered on the row. */
  actions: string[];
}

export interface StatusBarItem {
  id: string;
  /** The label as the extension set it, icons written back as `$(name)`. */
  text: string;
  ariaLabel: string;
}

export interface WebviewElement {
  text: string;
  attributes: Record<string, string>;
  visible: boolean;
  /** The current value of an input, select or textarea. */
  value?: string;
}

export interface DialogAnswer {
  message: string;
  detail: string;
  buttons: string[];
  clicked: boolean;
  error?: string;
}

export type PageRequest =
  | { op: 'treeRows'; view: string }
  | { op: 'treeExpand'; view: string; path: string[]; expanded?: boolean }
  | { op: 'treeTooltip'; view: string; path: string[] }
  | { op: 'treeClick'; view: string; path: string[] }
  | { op: 'treeAction'; view: string; path: string[]; action: string }
  | { op: 'statusBar' }
  | {
      op: 'webview';
      title: string;
      action: 'query' | 'click' | 'dblclick' | 'fill' | 'press' | 'drag';
      selector?: string;
      value?: string;
      from?: number;
      to?: number;
    }
  | { op: 'dialog'; button: string }
  | { op: 'quickPick'; item: string }
  | { op: 'screenshot'; name: string; sidebarWidth?: number }
  | FormPageRequest;

function call<T>(request: PageRequest): Promise<T> {
  const url = process.env.DYNAMO_GUARD_PAGE_DRIVER;
  if (!url)
    return Promise.reject(new Error('no page driver: run the suites through scripts/host/runExtensionTests.ts'));
  const body = JSON.stringify(request);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => {
          try {
            const answer = JSON.parse(text) as { ok: boolean; value?: T; error?: string };
            if (answer.ok) resolve(answer.value as T);
            else reject(new Error(`page driver, ${request.op}: ${answer.error}`));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A webview panel's page, found by its document title (ours title themselves like their panel). */
export interface WebviewPage {
  /** Every element matching the CSS selector: its text, attributes and whether it is rendered. */
  query(selector: string): Promise<WebviewElement[]>;
  /** The text of the first match ('' when none). */
  text(selector: string): Promise<string>;
  click(selector: string): Promise<void>;
  dblclick(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Presses a key (Playwright's names: `Enter`, `ArrowDown`, `Control+a`) in the element, or the focused one. */
  press(key: string, selector?: string): Promise<void>;
  /** Drags across the element horizontally, from and to fractions of its width. */
  drag(selector: string, from: number, to: number): Promise<void>;
}

export const page = {
  get available(): boolean {
    return Boolean(process.env.DYNAMO_GUARD_PAGE_DRIVER);
  },
  treeRows: (view: string) => call<TreeRow[]>({ op: 'treeRows', view }),
  /** Expands (or collapses) the row by its twistie, as a click would, and waits for its children. */
  expand: (view: string, path: string[], expanded = true) =>
    call<TreeRow[]>({ op: 'treeExpand', view, path, expanded }),
  /** What hovering the row shows. */
  tooltip: (view: string, path: string[]) => call<string>({ op: 'treeTooltip', view, path }),
  /** Clicks the row (runs its command). */
  clickRow: (view: string, path: string[]) => call<null>({ op: 'treeClick', view, path }).then(() => undefined),
  /** Runs the row's inline action of that title, else its context-menu item of that title. */
  rowAction: (view: string, path: string[], action: string) =>
    call<null>({ op: 'treeAction', view, path, action }).then(() => undefined),
  statusBar: () => call<StatusBarItem[]>({ op: 'statusBar' }),
  webview(title: string): WebviewPage {
    const act = (
      action: Extract<PageRequest, { op: 'webview' }>['action'],
      selector?: string,
      rest: { value?: string; from?: number; to?: number } = {},
    ) => call<unknown>({ op: 'webview', title, action, ...(selector ? { selector } : {}), ...rest });
    return {
      query: (selector) => act('query', selector) as Promise<WebviewElement[]>,
      text: async (selector) => ((await act('query', selector)) as WebviewElement[])[0]?.text ?? '',
      click: async (selector) => {
        await act('click', selector);
      },
      dblclick: async (selector) => {
        await act('dblclick', selector);
      },
      fill: async (selector, value) => {
        await act('fill', selector, { value });
      },
      press: async (key, selector) => {
        await act('press', selector, { value: key });
      },
      drag: async (selector, from, to) => {
        await act('drag', selector, { from, to });
      },
    };
  },
  /** Waits for the quick pick and picks the item showing that text. */
  quickPick: (item: string) => call<null>({ op: 'quickPick', item }).then(() => undefined),
  /** Waits for the workbench's modal dialog, reads it, and clicks `button` in it. */
  answerDialog: (button: string) => call<DialogAnswer>({ op: 'dialog', button }),
  /** Saves test-results/screenshots/<name>.png of the page as it is now. */
  screenshot: (name: string, options: { sidebarWidth?: number } = {}) =>
    call<null>({ op: 'screenshot', name, ...options }).then(() => undefined),
};

// ---- form controls and the quick input (the query panel suites) ----

/** Operations on form controls a plain query cannot read or set, and on the workbench's quick input. */
export type FormPageRequest =
  | { op: 'webviewProps'; title: string; selector: string; props: string[] }
  | { op: 'webviewSelect'; title: string; selector: string; value: string }
  | { op: 'quickInputAccept'; value: string };

export const formPage = {
  /**
   * DOM properties of every element matching the selector in the webview titled `title`, e.g.
   * `checked` of a checkbox (not reflected in its attributes) or `innerHTML` of a cell.
   */
  props: (title: string, selector: string, props: string[]) =>
    call<Record<string, unknown>[]>({ op: 'webviewProps', title, selector, props }),
  /** Chooses the option of this value in the first matching select, as a user picking it would. */
  select: (title: string, selector: string, value: string) =>
    call<null>({ op: 'webviewSelect', title, selector, value }).then(() => undefined),
  /**
   * Waits for the workbench's quick input (a picker, or the simple file dialog a save dialog opens
   * in the browser), types `value` into it and presses Enter. Resolves with its title.
   */
  acceptQuickInput: (value: string) => call<string>({ op: 'quickInputAccept', value }),
};

/**
 * A picture for the README (test-results/screenshots/<name>.png), taken only when `npm run screenshots`
 * (scripts/host/screenshots.ts) runs the suites: a test run takes none.
 */
export async function readmePicture(name: string, options: { sidebarWidth?: number } = {}): Promise<void> {
  if (process.env.DYNAMO_GUARD_SCREENSHOTS && page.available) await page.screenshot(name, options);
}
