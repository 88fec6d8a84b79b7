// The query panel page: the form (connection, table, index with its keys, typed key inputs, limit,
// direction, consistency, projection, filter, Scan budget), inline validation with the core's own
// checks before anything is sent, the virtualised result grid, a JSON view per item, counts and
// cost, export / copy-as-code buttons and the history. Item data is only ever written as text.
import './panel.css';
import { formatUsd } from '../core/pricing';
import { SORT_KEY_OPS, emptyPanelRequest, validatePanelRequest, type FieldErrors, type PanelField, type PanelRequest } from '../core/query/panelRequest';
import type { JsonObject } from '../core/query/itemJson';
import { resultColumns } from '../core/query/resultColumns';
import type { KeyAttribute } from '../core/schema/keySchema';
import type { TableModel } from '../core/tables/tableModel';
import { VirtualGrid } from './grid';
import { parseHostMessage, type DebugAction, type DomSnapshot, type HistoryEntry, type HostMessage, type PanelState, type Place, type SessionTotals, type WebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

// ---- small DOM helpers (text only) ----

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; id?: string; attrs?: Record<string, string> } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

function button(label: string, iconName: string, className = 'secondary'): HTMLButtonElement {
  const b = el('button', { className, attrs: { type: 'button' } }, icon(iconName), el('span', { text: label }));
  return b;
}

function field(labelText: string, control: HTMLElement, name: string, hint?: string): { wrap: HTMLDivElement; label: HTMLLabelElement; error: HTMLDivElement } {
  const label = el('label', { text: labelText, attrs: { for: control.id } });
  const error = el('div', { className: 'field-error', id: `${name}-error` });
  error.hidden = true;
  control.setAttribute('aria-describedby', `${name}-error`);
  const wrap = el('div', { className: `field field-${name}` }, label, control);
  if (hint) wrap.append(el('div', { className: 'hint', text: hint }));
  wrap.append(error);
  return { wrap, label, error };
}

function input(id: string, placeholder = ''): HTMLInputElement {
  const i = el('input', { id, attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off' } });
  i.placeholder = placeholder;
  return i;
}

function select(id: string): HTMLSelectElement {
  return el('select', { id });
}

function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', { text: label });
  o.value = value;
  return o;
}

function typeName(attr: KeyAttribute): string {
  return attr.type ?? 'S';
}

function keyText(pk: KeyAttribute, sk?: KeyAttribute): string {
  return sk ? `${pk.name} (${typeName(pk)}), ${sk.name} (${typeName(sk)})` : `${pk.name} (${typeName(pk)})`;
}

function units(n: number): string {
  return `${Number(n.toFixed(2))} RCU`;
}

// ---- state ----

let places: Place[] = [];
let place: Place | null = null;
let table: TableModel | null = null;
let tables: string[] | null = null;
let session: SessionTotals = { runs: 0, readUnits: 0, costUsd: 0 };
let testMode = false;
let submitted = false;
let busy = false;
let items: JsonObject[] = [];
let keyNames: string[] = [];

const saved = vscode.getState() as PanelState | undefined;

// ---- layout ----

const app = document.getElementById('app') as HTMLElement;

const placeSelect = select('place');
const tableSelect = select('table');
const modeQuery = el('input', { id: 'mode-query', attrs: { type: 'radio', name: 'mode', value: 'query' } });
const modeScan = el('input', { id: 'mode-scan', attrs: { type: 'radio', name: 'mode', value: 'scan' } });
const toolbar = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Connection and table' } },
  field('Connection', placeSelect, 'place').wrap,
  field('Table', tableSelect, 'table').wrap,
  el('fieldset', { className: 'mode' },
    el('legend', { text: 'Operation' }),
    el('label', { attrs: { for: 'mode-query' } }, modeQuery, ' Query'),
    el('label', { attrs: { for: 'mode-scan' } }, modeScan, ' Scan'),
  ),
);

const indexSelect = select('index');
const pkInput = input('pk');
const skOp = select('skOp');
const skInput = input('sk');
const sk2Input = input('sk2');
const limitInput = input('limit', 'all (1 MB pages)');
limitInput.inputMode = 'numeric';
const directionSelect = select('direction');
directionSelect.append(option('asc', 'Ascending'), option('desc', 'Descending'));
const consistentBox = el('input', { id: 'consistent', attrs: { type: 'checkbox' } });
const projectionInput = input('projection', 'all attributes, or: name, price');
const filterInput = input('filter', 'e.g. status = "PAID" AND (total > 10 OR gift = true)');
const budgetInput = input('readBudget');
budgetInput.inputMode = 'decimal';

skOp.append(option('', 'no condition'), ...SORT_KEY_OPS.map((op) => option(op, op === 'between' ? 'between … and' : op)));

const fields: Record<PanelField, { wrap: HTMLDivElement; label: HTMLLabelElement; error: HTMLDivElement }> = {
  index: field('Index', indexSelect, 'index'),
  pk: field('Partition key', pkInput, 'pk'),
  sk: field('Sort key', skInput, 'sk'),
  sk2: field('and', sk2Input, 'sk2'),
  limit: field('Limit', limitInput, 'limit'),
  consistent: field('Consistent read', consistentBox, 'consistent'),
  projection: field('Projection', projectionInput, 'projection'),
  filter: field('Filter', filterInput, 'filter', 'Filters run after the read: they do not lower the cost.'),
  readBudget: field('Read budget (RCU)', budgetInput, 'readBudget', 'Paging stops once this many read units are spent.'),
};
const skOpField = field('Sort-key condition', skOp, 'skOp');
const directionField = field('Direction', directionSelect, 'direction');
fields.consistent.wrap.classList.add('checkbox');
fields.consistent.wrap.prepend(consistentBox);

const runButton = button('Run', 'play', 'primary');
runButton.type = 'submit';
runButton.title = 'Run (Enter)';
const cancelButton = button('Cancel', 'debug-stop');
cancelButton.hidden = true;

const form = el('form', { className: 'query-form', attrs: { 'aria-label': 'Query', novalidate: '' } },
  el('div', { className: 'row' }, fields.index.wrap),
  el('div', { className: 'row keys' }, fields.pk.wrap, skOpField.wrap, fields.sk.wrap, fields.sk2.wrap),
  el('div', { className: 'row' }, fields.limit.wrap, directionField.wrap, fields.consistent.wrap, fields.readBudget.wrap),
  el('div', { className: 'row' }, fields.projection.wrap, fields.filter.wrap),
  el('div', { className: 'row actions' }, runButton, cancelButton),
);

const status = el('div', { className: 'status', id: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const problem = el('div', { className: 'problem', id: 'problem', attrs: { role: 'alert' } });
problem.hidden = true;
const notes = el('ul', { className: 'notes', attrs: { 'aria-label': 'Notes' } });
const loadMoreButton = button('Load more', 'fold-down');
const exportJsonButton = button('Export JSON', 'json');
const exportCsvButton = button('Export CSV', 'table');
const copyClient = button('SDK v3 client', 'copy');
const copyDocument = button('SDK v3 document', 'copy');
const copyCli = button('AWS CLI', 'terminal');
for (const [b, label] of [[copyClient, 'Copy as AWS SDK v3 client code'], [copyDocument, 'Copy as AWS SDK v3 document client code'], [copyCli, 'Copy as an AWS CLI command']] as const) b.setAttribute('aria-label', label);
const resultBar = el('div', { className: 'result-bar', attrs: { role: 'toolbar', 'aria-label': 'Results' } },
  loadMoreButton, exportJsonButton, exportCsvButton,
  el('span', { className: 'copy-label', text: 'Copy as:' }), copyClient, copyDocument, copyCli,
);

const grid = new VirtualGrid({
  label: 'Query results',
  onOpen: (row) => openJson(row),
  onActiveRow: (row) => { if (!jsonView.hidden) openJson(row, false); },
});
const jsonTitle = el('h2', { text: 'Item' });
const jsonClose = button('Close', 'close');
jsonClose.setAttribute('aria-label', 'Close the JSON view');
const jsonPre = el('pre', { className: 'json', attrs: { tabindex: '0', 'aria-label': 'Item as JSON' } });
const jsonView = el('aside', { className: 'json-view', attrs: { 'aria-label': 'Item JSON' } }, el('div', { className: 'json-head' }, jsonTitle, jsonClose), jsonPre);
jsonView.hidden = true;
const results = el('div', { className: 'results' }, grid.element, jsonView);

const historyList = el('ol', { className: 'history-list' });
const historySummary = el('summary', { text: 'History' });
const history = el('details', { className: 'history' }, historySummary, historyList);

app.append(toolbar, form, el('div', { className: 'summary-line' }, status, problem), notes, resultBar, results, history);
app.removeAttribute('aria-busy');

// ---- form state ----

function readForm(): PanelRequest {
  return {
    mode: modeScan.checked ? 'scan' : 'query',
    index: indexSelect.value,
    pk: pkInput.value,
    skOp: skOp.value as PanelRequest['skOp'],
    sk: skInput.value,
    sk2: sk2Input.value,
    limit: limitInput.value,
    descending: directionSelect.value === 'desc',
    consistent: consistentBox.checked,
    projection: projectionInput.value,
    filter: filterInput.value,
    readBudget: budgetInput.value,
  };
}

function writeForm(r: PanelRequest): void {
  modeQuery.checked = r.mode === 'query';
  modeScan.checked = r.mode === 'scan';
  if (table && r.index !== '' && !table.indexes.some((i) => i.name === r.index)) r = { ...r, index: '' };
  indexSelect.value = r.index;
  pkInput.value = r.pk;
  skOp.value = r.skOp;
  skInput.value = r.sk;
  sk2Input.value = r.sk2;
  limitInput.value = r.limit;
  directionSelect.value = r.descending ? 'desc' : 'asc';
  consistentBox.checked = r.consistent;
  projectionInput.value = r.projection;
  filterInput.value = r.filter;
  budgetInput.value = r.readBudget;
  submitted = false;
  refreshForm();
  showErrors({});
}

function saveState(): void {
  vscode.setState({ place, table: table?.name ?? saved?.table ?? null, request: readForm(), session });
}

/** Labels, visibility and enabled state that follow the table, index and mode. */
function refreshForm(): void {
  const scan = modeScan.checked;
  const index = table?.indexes.find((i) => i.name === indexSelect.value);
  const pk = index ? index.partitionKey : table?.partitionKey;
  const sk = index ? index.sortKey : table?.sortKey;
  fields.pk.label.textContent = pk ? `Partition key ${pk.name} (${typeName(pk)})` : 'Partition key';
  pkInput.placeholder = pk?.type === 'N' ? 'a number, e.g. 1042' : pk?.type === 'B' ? 'base64, e.g. AQID' : 'value';
  fields.sk.label.textContent = sk ? `${sk.name} (${typeName(sk)})` : 'Sort key';
  skOpField.label.textContent = sk ? `Sort key ${sk.name}` : 'Sort key (none)';
  for (const o of skOp.options) o.disabled = o.value === 'begins_with' && sk?.type === 'N';
  if (!sk) skOp.value = '';
  skOp.disabled = !sk;
  fields.sk.wrap.hidden = !sk || skOp.value === '';
  fields.sk2.wrap.hidden = !sk || skOp.value !== 'between';
  fields.sk.label.textContent = skOp.value === 'between' ? 'from' : fields.sk.label.textContent;
  for (const f of [fields.pk.wrap, skOpField.wrap, directionField.wrap]) f.hidden = scan;
  if (scan) { fields.sk.wrap.hidden = true; fields.sk2.wrap.hidden = true; }
  fields.readBudget.wrap.hidden = !scan;
  runButton.lastElementChild!.textContent = scan ? 'Scan…' : 'Run';
  consistentBox.disabled = index?.kind === 'GSI';
  if (index?.kind === 'GSI') consistentBox.checked = false;
  fields.consistent.label.title = index?.kind === 'GSI' ? 'Global secondary indexes only support eventually consistent reads.' : 'Strongly consistent: twice the read cost.';
  saveState();
}

function showErrors(errors: FieldErrors): void {
  let first: HTMLElement | undefined;
  for (const [name, f] of Object.entries(fields) as [PanelField, (typeof fields)[PanelField]][]) {
    const message = errors[name];
    const control = f.wrap.querySelector('input, select') as HTMLInputElement | HTMLSelectElement;
    f.error.textContent = message ?? '';
    f.error.hidden = !message;
    if (message) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    } else {
      control.removeAttribute('aria-invalid');
    }
  }
  if (first && submitted && document.activeElement && !first.contains(document.activeElement)) first.focus();
}

function validate(): ReturnType<typeof validatePanelRequest> | undefined {
  if (!table) return undefined;
  return validatePanelRequest(table, readForm());
}

function fillIndexes(): void {
  const current = indexSelect.value;
  indexSelect.replaceChildren();
  if (!table) return;
  indexSelect.append(option('', `${table.name} (table): ${keyText(table.partitionKey, table.sortKey)}`));
  for (const i of table.indexes) indexSelect.append(option(i.name, `${i.name} (${i.kind}): ${keyText(i.partitionKey, i.sortKey)}${i.projection.type === 'ALL' ? '' : ` · projects ${i.projection.type === 'KEYS_ONLY' ? 'keys only' : 'keys + some'}`}`));
  indexSelect.value = table.indexes.some((i) => i.name === current) ? current : '';
}

function fillPlaces(): void {
  placeSelect.replaceChildren(...places.map((p, i) => option(String(i), p.region ? `${p.connection} · ${p.region}` : p.connection)));
  const at = places.findIndex((p) => place && p.connection === place.connection && p.region === place.region);
  if (at >= 0) placeSelect.value = String(at);
}

function fillTables(): void {
  const names = new Set(tables ?? []);
  const current = table?.name ?? saved?.table ?? '';
  if (current) names.add(current);
  tableSelect.replaceChildren(...[...names].sort().map((n) => option(n, n)));
  if (tables === null) tableSelect.append(option('', 'Loading tables…'));
  tableSelect.value = current;
}

// ---- results ----

function setBusy(on: boolean, message?: string): void {
  busy = on;
  runButton.disabled = on;
  cancelButton.hidden = !on;
  app.setAttribute('aria-busy', String(on));
  if (message !== undefined) status.textContent = message;
  updateButtons();
}

function updateButtons(hasMore = loadMoreButton.dataset.more === 'true'): void {
  loadMoreButton.dataset.more = String(hasMore);
  loadMoreButton.disabled = busy || !hasMore;
  for (const b of [exportJsonButton, exportCsvButton]) b.disabled = busy || items.length === 0;
  for (const b of [copyClient, copyDocument, copyCli]) b.disabled = busy || !status.dataset.ran;
}

function showProblem(message: string | null): void {
  problem.replaceChildren(...(message ? [icon('error'), document.createTextNode(` ${message}`)] : []));
  problem.hidden = !message;
}

function sessionText(): string {
  return `Session: ${session.runs} run${session.runs === 1 ? '' : 's'}, ${units(session.readUnits)}, ${formatUsd(session.costUsd)}`;
}

function onResults(m: Extract<HostMessage, { type: 'results' }>): void {
  items = m.append ? items.concat(m.items) : m.items;
  keyNames = m.keyNames;
  grid.setData(m.append ? m.items : items, resultColumns(items, keyNames), m.append);
  grid.setEmptyText('No items match: the key returned nothing.');
  session = m.session;
  const run = m.run;
  status.dataset.ran = 'true';
  status.textContent = [
    `${items.length} item${items.length === 1 ? '' : 's'} loaded`,
    `this run: ${run.count} returned, ${run.scannedCount} scanned${run.pages > 1 ? ` in ${run.pages} pages` : ''}, ${units(run.readUnits)}, ${formatUsd(run.costUsd)}`,
    sessionText(),
  ].join(' · ');
  notes.replaceChildren(...m.notes.map((n) => el('li', {}, icon('info'), document.createTextNode(` ${n}`))));
  showProblem(null);
  setBusy(false);
  updateButtons(m.hasMore);
  saveState();
}

function openJson(row: number, focus = true): void {
  const item = grid.item(row);
  if (!item) return;
  jsonTitle.textContent = `Item ${row + 1} of ${grid.rowCount}`;
  jsonPre.textContent = JSON.stringify(item, null, 2);
  jsonView.hidden = false;
  if (focus) jsonPre.focus();
}

function closeJson(): void {
  jsonView.hidden = true;
  grid.element.focus();
}

function renderHistory(entries: HistoryEntry[]): void {
  historySummary.textContent = `History (${entries.length})`;
  historyList.replaceChildren(...entries.map((e) => {
    const again = button('Run again', 'debug-restart');
    again.setAttribute('aria-label', `Run again: ${e.summary}`);
    again.addEventListener('click', () => {
      vscode.postMessage({ type: 'rerun', id: e.id });
    });
    const when = new Date(e.at);
    const where = e.table === table?.name && e.place.connection === place?.connection ? '' : `${e.table} on ${e.place.connection} · `;
    return el('li', {}, again, el('span', { className: 'history-text', text: `${where}${e.summary}` }), el('time', { text: when.toLocaleString(), attrs: { datetime: e.at } }));
  }));
}

// ---- events ----

function submit(): void {
  submitted = true;
  const result = validate();
  if (!result) {
    showProblem('The table is still being read: try again in a moment.');
    return;
  }
  if (!result.ok) {
    showErrors(result.errors);
    return;
  }
  showErrors({});
  showProblem(null);
  setBusy(true, modeScan.checked ? 'Waiting for the Scan confirmation…' : 'Running…');
  saveState();
  vscode.postMessage({ type: 'run', request: readForm() });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!busy) submit();
});
// Enter runs from any control of the form (selects and checkboxes do not submit natively).
form.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement) && !e.isComposing) {
    e.preventDefault();
    if (!busy) submit();
  }
});
form.addEventListener('input', () => {
  refreshForm();
  if (submitted) {
    const r = validate();
    showErrors(r && !r.ok ? r.errors : {});
  }
});
form.addEventListener('change', () => refreshForm());
cancelButton.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
loadMoreButton.addEventListener('click', () => {
  setBusy(true, 'Loading the next page…');
  vscode.postMessage({ type: 'loadMore' });
});
exportJsonButton.addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
exportCsvButton.addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
copyClient.addEventListener('click', () => vscode.postMessage({ type: 'copyAsCode', flavor: 'sdk-client' }));
copyDocument.addEventListener('click', () => vscode.postMessage({ type: 'copyAsCode', flavor: 'sdk-document' }));
copyCli.addEventListener('click', () => vscode.postMessage({ type: 'copyAsCode', flavor: 'cli' }));
jsonClose.addEventListener('click', closeJson);
jsonView.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeJson(); });
placeSelect.addEventListener('change', () => {
  const p = places[Number(placeSelect.value)];
  if (!p) return;
  place = p;
  tables = null;
  fillTables();
  vscode.postMessage({ type: 'selectPlace', place: p });
});
tableSelect.addEventListener('change', () => {
  if (!place || !tableSelect.value || tableSelect.value === table?.name) return;
  vscode.postMessage({ type: 'selectTable', place, table: tableSelect.value });
});

// ---- messages from the host ----

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = parseHostMessage(event.data);
  if (!m) {
    // Only the type is logged: a dropped message may carry item data.
    const type: unknown = typeof event.data === 'object' && event.data !== null ? (event.data as { type?: unknown }).type : undefined;
    console.warn(`Dynamo Guard: ignored a malformed message from the extension${typeof type === 'string' ? ` (type ${JSON.stringify(type.slice(0, 40))})` : ''}.`);
    return;
  }
  switch (m.type) {
    case 'init': {
      places = m.places;
      place = m.place;
      tables = m.tables;
      table = m.table;
      session = m.session;
      testMode = m.testMode;
      fillPlaces();
      fillTables();
      fillIndexes();
      const keep = saved && saved.table === table?.name && saved.place?.connection === place?.connection;
      writeForm(keep ? saved.request : m.request);
      renderHistory(m.history);
      status.textContent = `${table ? `${table.name}: ${keyText(table.partitionKey, table.sortKey)}` : 'Reading the table…'} · ${sessionText()}`;
      break;
    }
    case 'tables':
      if (place && m.place.connection === place.connection && m.place.region === place.region) {
        tables = m.tables;
        fillTables();
      }
      break;
    case 'table': {
      const switched = table?.name !== m.table.name;
      place = m.place;
      table = m.table;
      fillPlaces();
      fillTables();
      fillIndexes();
      if (switched) {
        items = [];
        grid.setData([], []);
        grid.setEmptyText('No results yet: fill in the key and press Enter.');
        writeForm(m.request);
        notes.replaceChildren();
        delete status.dataset.ran;
        updateButtons(false);
      } else {
        refreshForm();
      }
      status.textContent = `${table.name}: ${keyText(table.partitionKey, table.sortKey)} · ${table.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned'} · ${sessionText()}`;
      break;
    }
    case 'running':
      setBusy(true, m.message);
      break;
    case 'results':
      onResults(m);
      break;
    case 'invalid':
      submitted = true;
      setBusy(false, '');
      showErrors(m.errors);
      break;
    case 'error':
      setBusy(false);
      showProblem(m.message);
      break;
    case 'cancelled':
      setBusy(false, 'Cancelled: nothing more was read.');
      break;
    case 'history':
      renderHistory(m.entries);
      break;
    case 'notice':
      showProblem(null);
      status.textContent = m.message;
      break;
    case 'prefill':
      writeForm(m.request);
      pkInput.focus();
      break;
    case 'debug/act':
      if (testMode) act(m.id, m.action);
      break;
  }
});

// ---- test-only: act like a user and report what the DOM shows ----

function act(id: number, action: DebugAction): void {
  switch (action.kind) {
    case 'snapshot': break;
    case 'submit': form.requestSubmit(); break;
    case 'loadMore': loadMoreButton.click(); break;
    case 'focusGrid': grid.element.focus(); break;
    case 'focusField': document.getElementById(action.field === 'mode' ? 'mode-query' : action.field === 'descending' ? 'direction' : action.field)?.focus(); break;
    case 'rerun': historyList.querySelectorAll('button')[action.entry]?.click(); break;
    case 'key': (document.activeElement ?? grid.element).dispatchEvent(new KeyboardEvent('keydown', { key: action.key, bubbles: true, cancelable: true })); break;
    case 'setField': {
      const control = document.getElementById(action.field === 'mode' ? (action.value === 'scan' ? 'mode-scan' : 'mode-query') : action.field === 'descending' ? 'direction' : action.field) as HTMLInputElement | HTMLSelectElement | null;
      if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) control.checked = action.value === true || control.type === 'radio';
      else if (control) control.value = action.field === 'descending' ? (action.value ? 'desc' : 'asc') : String(action.value);
      control?.dispatchEvent(new Event('input', { bubbles: true }));
      break;
    }
  }
  vscode.postMessage({ type: 'debug/result', id, snapshot: snapshot() });
}

function snapshot(): DomSnapshot {
  const columns = grid.columnNames;
  const cells: DomSnapshot['cells'] = [];
  for (const row of grid.renderedRows()) {
    for (const cell of row.children) {
      const c = Number((cell as HTMLElement).dataset.column);
      // innerHTML is read (never written) so a test can prove the markup holds escaped text only.
      // eslint-disable-next-line no-restricted-properties
      cells.push({ row: Number(row.dataset.row), column: columns[c] ?? '', text: cell.textContent ?? '', html: cell.innerHTML });
    }
  }
  const errors: Record<string, string> = {};
  for (const [name, f] of Object.entries(fields)) if (!f.error.hidden) errors[name] = f.error.textContent ?? '';
  return {
    ariaRowCount: Number(grid.element.getAttribute('aria-rowcount')),
    renderedRows: grid.renderedRows().length,
    columns,
    pinnedColumns: [...grid.element.querySelectorAll('.grid-head.pinned')].map((h) => h.textContent ?? ''),
    cells,
    imgElements: document.querySelectorAll('img').length,
    scriptElements: document.querySelectorAll('script').length,
    inlineHandlers: [...document.querySelectorAll('*')].filter((n) => [...n.attributes].some((a) => a.name.startsWith('on'))).length,
    status: status.textContent ?? '',
    problem: problem.hidden ? '' : (problem.textContent ?? '').trim(),
    errors,
    jsonView: jsonView.hidden ? null : jsonPre.textContent,
    activeCell: grid.activeCell,
    loadMoreEnabled: !loadMoreButton.disabled,
    form: readForm(),
    table: table?.name ?? null,
    indexOptions: [...indexSelect.options].map((o) => o.textContent ?? ''),
    history: [...historyList.querySelectorAll('.history-text')].map((h) => h.textContent ?? ''),
    notes: [...notes.children].map((n) => (n.textContent ?? '').trim()),
  };
}

if (saved) {
  session = saved.session;
  place = saved.place;
}
writeForm(saved?.request ?? emptyPanelRequest());
updateButtons(false);
vscode.postMessage({ type: 'ready' });
