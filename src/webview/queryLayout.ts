// The query panel page's elements: the connection and table toolbar, the form with a field (and an
// error line) per input, the status and problem lines, the result bar, the virtualised grid with
// its JSON view, and the history. Built once by buildQueryLayout when the page starts.
import { SORT_KEY_OPS, type PanelField } from '../core/query/panelRequest';
import { button, el, field, input, option, select, type Field } from './dom';
import { VirtualGrid } from './grid';

export interface QueryLayout {
  app: HTMLElement;
  placeSelect: HTMLSelectElement;
  tableSelect: HTMLSelectElement;
  modeQuery: HTMLInputElement;
  modeScan: HTMLInputElement;
  indexSelect: HTMLSelectElement;
  pkInput: HTMLInputElement;
  skOp: HTMLSelectElement;
  skInput: HTMLInputElement;
  sk2Input: HTMLInputElement;
  limitInput: HTMLInputElement;
  directionSelect: HTMLSelectElement;
  consistentBox: HTMLInputElement;
  projectionInput: HTMLInputElement;
  filterInput: HTMLInputElement;
  budgetInput: HTMLInputElement;
  fields: Record<PanelField, Field>;
  skOpField: Field;
  directionField: Field;
  runButton: HTMLButtonElement;
  cancelButton: HTMLButtonElement;
  form: HTMLFormElement;
  status: HTMLDivElement;
  problem: HTMLDivElement;
  notes: HTMLUListElement;
  loadMoreButton: HTMLButtonElement;
  exportJsonButton: HTMLButtonElement;
  exportCsvButton: HTMLButtonElement;
  copyClient: HTMLButtonElement;
  copyDocument: HTMLButtonElement;
  copyCli: HTMLButtonElement;
  grid: VirtualGrid;
  jsonTitle: HTMLHeadingElement;
  jsonClose: HTMLButtonElement;
  jsonPre: HTMLPreElement;
  jsonView: HTMLElement;
  historyList: HTMLOListElement;
  historySummary: HTMLElement;
}

/** What the grid reports back to the page. */
export interface GridEvents {
  onOpen(row: number): void;
  onActiveRow(row: number): void;
}

/** Builds the page inside `app` and returns its elements. */
export function buildQueryLayout(app: HTMLElement, gridEvents: GridEvents): QueryLayout {
  const placeSelect = select('place');
  const tableSelect = select('table');
  const modeQuery = el('input', { id: 'mode-query', attrs: { type: 'radio', name: 'mode', value: 'query' } });
  const modeScan = el('input', { id: 'mode-scan', attrs: { type: 'radio', name: 'mode', value: 'scan' } });
  const toolbar = el(
    'div',
    { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Connection and table' } },
    field('Connection', placeSelect, 'place').wrap,
    field('Table', tableSelect, 'table').wrap,
    el(
      'fieldset',
      { className: 'mode' },
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

  skOp.append(
    option('', 'no condition'),
    ...SORT_KEY_OPS.map((op) => option(op, op === 'between' ? 'between … and' : op)),
  );

  const fields: Record<PanelField, Field> = {
    index: field('Index', indexSelect, 'index'),
    pk: field('Partition key', pkInput, 'pk'),
    sk: field('Sort key', skInput, 'sk'),
    sk2: field('and', sk2Input, 'sk2'),
    limit: field('Limit', limitInput, 'limit'),
    consistent: field('Consistent read', consistentBox, 'consistent'),
    projection: field('Projection', projectionInput, 'projection'),
    filter: field('Filter', filterInput, 'filter', 'Filters run after the read: they do not lower the cost.'),
    readBudget: field(
      'Read budget (RCU)',
      budgetInput,
      'readBudget',
      'Paging stops once this many read units are spent.',
    ),
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

  const form = el(
    'form',
    { className: 'query-form', attrs: { 'aria-label': 'Query', novalidate: '' } },
    el('div', { className: 'row' }, fields.index.wrap),
    el('div', { className: 'row keys' }, fields.pk.wrap, skOpField.wrap, fields.sk.wrap, fields.sk2.wrap),
    el(
      'div',
      { className: 'row' },
      fields.limit.wrap,
      directionField.wrap,
      fields.consistent.wrap,
      fields.readBudget.wrap,
    ),
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
  for (const [b, label] of [
    [copyClient, 'Copy as AWS SDK v3 client code'],
    [copyDocument, 'Copy as AWS SDK v3 document client code'],
    [copyCli, 'Copy as an AWS CLI command'],
  ] as const)
    b.setAttribute('aria-label', label);
  const resultBar = el(
    'div',
    { className: 'result-bar', attrs: { role: 'toolbar', 'aria-label': 'Results' } },
    loadMoreButton,
    exportJsonButton,
    exportCsvButton,
    el('span', { className: 'copy-label', text: 'Copy as:' }),
    copyClient,
    copyDocument,
    copyCli,
  );

  const grid = new VirtualGrid({
    label: 'Query results',
    onOpen: (row) => gridEvents.onOpen(row),
    onActiveRow: (row) => gridEvents.onActiveRow(row),
  });
  const jsonTitle = el('h2', { text: 'Item' });
  const jsonClose = button('Close', 'close');
  jsonClose.setAttribute('aria-label', 'Close the JSON view');
  const jsonPre = el('pre', { className: 'json', attrs: { tabindex: '0', 'aria-label': 'Item as JSON' } });
  const jsonView = el(
    'aside',
    { className: 'json-view', attrs: { 'aria-label': 'Item JSON' } },
    el('div', { className: 'json-head' }, jsonTitle, jsonClose),
    jsonPre,
  );
  jsonView.hidden = true;
  const results = el('div', { className: 'results' }, grid.element, jsonView);

  const historyList = el('ol', { className: 'history-list' });
  const historySummary = el('summary', { text: 'History' });
  const history = el('details', { className: 'history' }, historySummary, historyList);

  app.append(
    toolbar,
    form,
    el('div', { className: 'summary-line' }, status, problem),
    notes,
    resultBar,
    results,
    history,
  );
  app.removeAttribute('aria-busy');

  return {
    app,
    placeSelect,
    tableSelect,
    modeQuery,
    modeScan,
    indexSelect,
    pkInput,
    skOp,
    skInput,
    sk2Input,
    limitInput,
    directionSelect,
    consistentBox,
    projectionInput,
    filterInput,
    budgetInput,
    fields,
    skOpField,
    directionField,
    runButton,
    cancelButton,
    form,
    status,
    problem,
    notes,
    loadMoreButton,
    exportJsonButton,
    exportCsvButton,
    copyClient,
    copyDocument,
    copyCli,
    grid,
    jsonTitle,
    jsonClose,
    jsonPre,
    jsonView,
    historyList,
    historySummary,
  };
}
