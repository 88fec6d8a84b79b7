// The page driver: a localhost HTTP endpoint the launcher runs beside code-server, through which the
// suites (inside the extension host) read and operate what the workbench page really shows, with
// Playwright: the rows of a tree view, the status bar, webview frames, modal dialogs, screenshots.
// One operation at a time (they share the page); each answers plain JSON. The client is
// test/extension/page.ts; the protocol is the `PageRequest` union there.
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Frame, Locator, Page } from 'playwright-core';
import type {
  DialogAnswer,
  FormPageRequest,
  PageRequest,
  StatusBarItem,
  TreeRow,
  WebviewElement,
} from '../../test/extension/page';

export interface PageDriver {
  url: string;
  close(): Promise<void>;
}

/** Listens at once (its URL goes into code-server's environment); operations wait for `page`. */
export async function startPageDriver(page: Promise<Page>, options: { screenshotDir: string }): Promise<PageDriver> {
  let queue: Promise<unknown> = Promise.resolve();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const run = async (): Promise<unknown> => run1(await page, JSON.parse(body) as PageRequest, options);
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      next.then(
        (value) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, value: value ?? null }));
        },
        (err: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function run1(page: Page, r: PageRequest, options: { screenshotDir: string }): Promise<unknown> {
  switch (r.op) {
    case 'treeRows':
      return treeRows(page, r.view);
    case 'treeExpand':
      return treeExpand(page, r.view, r.path, r.expanded ?? true);
    case 'treeTooltip':
      return treeTooltip(page, r.view, r.path);
    case 'treeClick': {
      await (await rowLocator(page, r.view, r.path)).click();
      return null;
    }
    case 'treeAction':
      return treeAction(page, r.view, r.path, r.action);
    case 'statusBar':
      return statusBar(page);
    case 'webview':
      return webview(page, r);
    case 'dialog':
      return answerDialog(page, r.button);
    case 'quickPick': {
      const item = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: r.item }).first();
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      await item.click();
      return null;
    }
    case 'screenshot': {
      if (r.sidebarWidth) await dragSidebarTo(page, r.sidebarWidth);
      await page.screenshot({ path: path.join(options.screenshotDir, `${r.name.replace(/[^\w.-]/g, '_')}.png`) });
      return null;
    }
    case 'webviewProps':
    case 'webviewSelect':
    case 'quickInputAccept':
      return formOperation(page, r);
  }
}

/** The tree of the view titled `view` (the list's aria-label is the view's name). */
function treeList(page: Page, view: string): Locator {
  return page.locator(`.monaco-list[aria-label="${view.replace(/"/g, '\\"')}"]`).first();
}

/** Every row of the tree, scrolling through it so rows the list does not render at once are read too. */
async function treeRows(page: Page, view: string): Promise<TreeRow[]> {
  const list = treeList(page, view);
  await list.waitFor({ state: 'visible', timeout: 15_000 });
  const seen = new Map<number, Omit<TreeRow, 'path'> & { index: number }>();
  await list.evaluate((el) => {
    const s = el.querySelector('.monaco-scrollable-element');
    if (s) s.scrollTop = 0;
  });
  let scrolled = false;
  for (let pass = 0; pass < 50; pass++) {
    const rows = await list.evaluate((el) =>
      [...el.querySelectorAll('.monaco-list-row')].map((row) => {
        const icon = row.querySelector('.custom-view-tree-node-item-icon');
        const iconId = [...(icon?.classList ?? [])]
          .find((c) => c.startsWith('codicon-') && c !== 'codicon-colored')
          ?.slice('codicon-'.length);
        const expanded = row.getAttribute('aria-expanded');
        return {
          index: Number(row.getAttribute('data-index')),
          level: Number(row.getAttribute('aria-level') ?? 1),
          label: row.querySelector('.label-name')?.textContent ?? '',
          description: row.querySelector('.label-description')?.textContent ?? '',
          ariaLabel: row.getAttribute('aria-label') ?? '',
          expanded: expanded === null ? undefined : expanded === 'true',
          ...(iconId ? { icon: iconId } : {}),
          actions: [...row.querySelectorAll('.actions .action-label')]
            .map((a) => a.getAttribute('aria-label') ?? '')
            .filter(Boolean),
        };
      }),
    );
    const before = seen.size;
    for (const row of rows) seen.set(row.index, row);
    if (seen.size === before && pass > 0) break;
    // Rows past the visible height are not rendered: scroll by a page with the mouse wheel, as a user
    // would, only when the list overflows; stop once nothing new appears.
    const overflows = await list.evaluate((el) => {
      const content = el.querySelector<HTMLElement>('.monaco-list-rows');
      return Boolean(content && content.offsetHeight > el.clientHeight + 1);
    });
    if (!overflows) break;
    const box = await list.boundingBox();
    if (!box) break;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, Math.max(100, box.height - 40));
    await page.waitForTimeout(80);
    scrolled = true;
  }
  if (scrolled) {
    const box = await list.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -1e6);
      await page.waitForTimeout(80);
    }
    // Away from the rows, so no hover opens on whatever the mouse stopped over.
    await page.mouse.move(0, 0);
  }
  const ordered = [...seen.values()].sort((a, b) => a.index - b.index);
  const stack: string[] = [];
  return ordered.map(({ index: _index, ...row }) => {
    stack.length = row.level - 1;
    stack.push(row.label);
    return { path: [...stack], ...row };
  });
}

const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The rendered row at `path` (labels from the root), scrolled into view. */
async function rowLocator(page: Page, view: string, path: string[]): Promise<Locator> {
  // The tree may re-render between reading it and finding the row: check the row found is the one meant.
  for (let attempt = 0; attempt < 5; attempt++) {
    const rows = await treeRows(page, view);
    const index = rows.findIndex((r) => samePath(r.path, path));
    if (index < 0)
      throw new Error(
        `no row ${JSON.stringify(path)} in the ${view} view; rows: ${JSON.stringify(rows.map((r) => r.path.join(' / ')))}`,
      );
    const list = treeList(page, view);
    const row = list.locator(`.monaco-list-row[data-index="${index}"]`);
    for (let i = 0; i < 60 && (await row.count()) === 0; i++) {
      const box = await list.boundingBox();
      if (!box) break;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(50);
    }
    if ((await row.count()) === 0) continue;
    // A refresh may replace the row's element meanwhile: find it again.
    const scrolled = await row.scrollIntoViewIfNeeded({ timeout: 5_000 }).then(
      () => true,
      (err: unknown) => {
        if (isDetached(err)) return false;
        throw err;
      },
    );
    if (!scrolled) {
      await page.waitForTimeout(200);
      continue;
    }
    const label = await row
      .locator('.label-name')
      .first()
      .textContent()
      .catch(() => null);
    if (label === path[path.length - 1]) return row;
    await page.waitForTimeout(200);
  }
  throw new Error(`row ${JSON.stringify(path)} is not rendered`);
}

/** Whether a Playwright error says the element was replaced (the tree re-rendered under it). */
function isDetached(err: unknown): boolean {
  return /not attached to the DOM|element was detached|Element is detached/i.test(
    err instanceof Error ? err.message : String(err),
  );
}

/** Runs `act` on the row at `path`, finding the row again when a re-render replaced it meanwhile. */
async function onRow<T>(page: Page, view: string, path: string[], act: (row: Locator) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const row = await rowLocator(page, view, path);
    try {
      return await act(row);
    } catch (err) {
      if (attempt >= 4 || !isDetached(err)) throw err;
      await page.waitForTimeout(200);
    }
  }
}

async function treeExpand(page: Page, view: string, path: string[], expanded: boolean): Promise<TreeRow[]> {
  await onRow(page, view, path, async (row) => {
    const now = await row.getAttribute('aria-expanded', { timeout: 5_000 });
    if (now === null) throw new Error(`row ${JSON.stringify(path)} cannot expand`);
    if ((now === 'true') !== expanded) {
      const twistie = row.locator('.monaco-tl-twistie');
      // A row whose description animates (a spinner) never counts as stable: click it anyway after a while.
      await twistie.click({ timeout: 5_000 }).catch(() => twistie.click({ force: true, timeout: 5_000 }));
    }
  });
  // Children of an expanded row appear once the extension answered getChildren (a row may have none).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await treeRows(page, view);
    const at = rows.findIndex((r) => samePath(r.path, path));
    const settled = !expanded || rows[at + 1]?.path.length === path.length + 1;
    if (settled || Date.now() > deadline) return rows;
    await page.waitForTimeout(150);
  }
}

/** What hovering the row shows (its tooltip as rendered), or its aria-label when no hover opens. */
async function treeTooltip(page: Page, view: string, path: string[]): Promise<string> {
  const row = await rowLocator(page, view, path);
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape').catch(() => undefined);
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ visible: true, hasText: /\S/ }).first();
  // A hover left open by an earlier row would be read instead: wait for it to close.
  await hover.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
  try {
    // A hover opens after a delay and only on a fresh mouse entry: enter again until it shows.
    for (let attempt = 0; ; attempt++) {
      await row
        .locator('.monaco-icon-label')
        .first()
        .hover({ position: { x: 20, y: 8 } });
      try {
        await hover.waitFor({ state: 'visible', timeout: 3_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await page.mouse.move(0, 0);
      }
    }
    return (await hover.innerText()).trim();
  } finally {
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape').catch(() => undefined);
  }
}

/** Runs the row's inline action titled `action`, or else the context-menu item of that title. */
async function treeAction(page: Page, view: string, path: string[], action: string): Promise<null> {
  // A row re-rendered (a refresh) while its menu opens takes the menu with it: open it again.
  for (let attempt = 0; ; attempt++) {
    const row = await rowLocator(page, view, path);
    await row.hover();
    const inline = row.locator(`.actions .action-label[aria-label="${action.replace(/"/g, '\\"')}"]`);
    if ((await inline.count()) > 0) {
      await inline.first().click();
      return null;
    }
    await row.click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: action }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: 3_000 });
      await item.click({ timeout: 3_000 });
      return null;
    } catch (err) {
      await page.keyboard.press('Escape').catch(() => undefined);
      if (attempt >= 3) throw err;
    }
  }
}

async function statusBar(page: Page): Promise<StatusBarItem[]> {
  return page.locator('.part.statusbar .statusbar-item').evaluateAll((items) =>
    items.map((item) => {
      const label = item.querySelector('.statusbar-item-label') ?? item;
      // Icons render as spans: give them back as the $(name) the extension wrote.
      const text = [...label.childNodes]
        .map((n) => {
          if (n.nodeType === 3) return n.textContent ?? '';
          const icon = [...((n as Element).classList ?? [])].find((c) => c.startsWith('codicon-'));
          return icon ? `$(${icon.slice('codicon-'.length)})` : (n.textContent ?? '');
        })
        .join('')
        .trim();
      return {
        id: item.id,
        text,
        ariaLabel: label.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '',
      };
    }),
  );
}

/** The frame of the webview whose document title is `title` (our pages title themselves like their panel). */
async function webviewFrame(page: Page, title: string): Promise<Frame> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const t = await frame.title().catch(() => '');
      if (t === title) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview titled "${title}"`);
    await page.waitForTimeout(150);
  }
}

async function webview(page: Page, r: Extract<PageRequest, { op: 'webview' }>): Promise<unknown> {
  const frame = await webviewFrame(page, r.title);
  const at = r.selector ? frame.locator(r.selector) : undefined;
  switch (r.action) {
    case 'query':
      return (at as Locator).evaluateAll((els) =>
        els.map((el): WebviewElement => ({
          text: (el as HTMLElement).innerText ?? el.textContent ?? '',
          attributes: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
          visible: (el as HTMLElement).getClientRects().length > 0,
          ...('value' in el && typeof el.value === 'string' ? { value: el.value } : {}),
        })),
      );
    case 'click':
      await (at as Locator).first().click();
      return null;
    case 'dblclick':
      await (at as Locator).first().dblclick();
      return null;
    case 'fill':
      await (at as Locator).first().fill(r.value ?? '');
      return null;
    case 'press':
      if (at) await at.first().press(r.value ?? '');
      else await page.keyboard.press(r.value ?? '');
      return null;
    case 'drag': {
      const box = await (at as Locator).first().boundingBox();
      if (!box) throw new Error(`${r.selector} is not visible`);
      const [from, to] = [r.from ?? 0.25, r.to ?? 0.75];
      await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      return null;
    }
  }
}

/**
 * Waits for the workbench's modal dialog, reads it, and clicks `button` in it as a user would.
 * Modal dialogs block the extension host's caller, and no API answers them: only a click does.
 */
async function answerDialog(page: Page, wanted: string): Promise<DialogAnswer> {
  const answer: DialogAnswer = { message: '', detail: '', buttons: [], clicked: false };
  const box = page.locator('.monaco-dialog-box').first();
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  answer.message = (await box.locator('.dialog-message-text').first().textContent()) ?? '';
  answer.detail =
    (await box
      .locator('.dialog-message-detail')
      .first()
      .innerText()
      .catch(() => '')) ?? '';
  const buttons = box.locator('.dialog-buttons .monaco-button');
  answer.buttons = (await buttons.allInnerTexts()).map((t) => t.trim());
  const index = answer.buttons.indexOf(wanted);
  if (index >= 0) {
    await buttons.nth(index).click();
    answer.clicked = true;
  } else {
    answer.error = `no button "${wanted}"`;
  }
  return answer;
}

/** VS Code has no command that sets the side bar's width: drag its sash as a user would. */
export async function dragSidebarTo(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}

// ---- form controls and the quick input (the query panel suites) ----

async function formOperation(page: Page, r: FormPageRequest): Promise<unknown> {
  switch (r.op) {
    case 'webviewProps': {
      const frame = await webviewFrame(page, r.title);
      return frame.locator(r.selector).evaluateAll(
        (els, names) =>
          els.map((el) => {
            const read: Record<string, unknown> = {};
            for (const name of names) {
              const value = (el as unknown as Record<string, unknown>)[name];
              read[name] =
                value === null || ['string', 'number', 'boolean'].includes(typeof value) ? value : String(value);
            }
            return read;
          }),
        r.props,
      );
    }
    case 'webviewSelect': {
      const frame = await webviewFrame(page, r.title);
      await frame.locator(r.selector).first().selectOption(r.value);
      return null;
    }
    case 'quickInputAccept':
      return acceptQuickInput(page, r.value);
  }
}

/**
 * Types `value` into the quick input and accepts it. The simple file dialog lists the folder typed
 * so far a moment after each change, and Enter on a listed folder opens it instead of accepting: so
 * the value is typed again and accepted until the widget closes. Fails naming what it still shows.
 */
async function acceptQuickInput(page: Page, value: string): Promise<string> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const title = (
    (await widget
      .locator('.quick-input-title')
      .first()
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
  const box = widget.locator('.quick-input-box input').first();
  for (let attempt = 0; attempt < 5; attempt++) {
    await box.fill(value);
    // Let the dialog list what the typed path names before accepting.
    await page.waitForTimeout(400 * (attempt + 1));
    if ((await box.inputValue()) !== value) continue;
    await box.press('Enter');
    if (
      await widget.waitFor({ state: 'hidden', timeout: 3_000 }).then(
        () => true,
        () => false,
      )
    )
      return title;
  }
  const shown = await box.inputValue().catch(() => '');
  const rows = await widget
    .locator('.monaco-list-row')
    .allInnerTexts()
    .catch(() => [] as string[]);
  const message = (
    await widget
      .locator('.quick-input-message')
      .first()
      .innerText()
      .catch(() => '')
  ).trim();
  await page.keyboard.press('Escape').catch(() => undefined);
  throw new Error(
    `the quick input "${title}" did not accept ${JSON.stringify(value)}: it shows ${JSON.stringify(shown)}${message ? ` (${message})` : ''}, rows ${JSON.stringify(rows.slice(0, 8))}`,
  );
}
