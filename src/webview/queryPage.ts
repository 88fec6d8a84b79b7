// The query panel page's behaviour: the form (typed key inputs, limit, direction, consistency,
// projection, filter, Scan budget) with inline validation by the core's own checks before anything
// is sent, the results with counts and cost, the JSON view per item, export / copy-as-code and the
// history. All of its state lives in one QueryPage; item data is only ever written as text.
import { formatUsd } from '../core/pricing';
import {
  emptyPanelRequest,
  validatePanelRequest,
  type FieldErrors,
  type PanelField,
  type PanelRequest,
} from '../core/query/panelRequest';
import type { JsonObject } from '../core/query/itemJson';
import { resultColumns } from '../core/query/resultColumns';
import type { KeyAttribute } from '../core/schema/keySchema';
import type { TableModel } from '../core/tables/tableModel';
import { button, el, icon, option } from './dom';
import {
  parseHostMessage,
  type HistoryEntry,
  type HostMessage,
  type PanelState,
  type Place,
  type SessionTotals,
  type WebviewMessage,
} from './protocol';
import { buildQueryLayout, type QueryLayout } from './queryLayout';

/** The part of the webview API the page uses. */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
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

export class QueryPage {
  private readonly ui: QueryLayout;
  /** What the page saved before a reload (its form, place and session). */
  private readonly saved: PanelState | undefined;
  private places: Place[] = [];
  private place: Place | null = null;
  private table: TableModel | null = null;
  private tables: string[] | null = null;
  private session: SessionTotals = { runs: 0, readUnits: 0, costUsd: 0 };
  private submitted = false;
  private busy = false;
  private items: JsonObject[] = [];
  private keyNames: string[] = [];

  constructor(
    private readonly vscode: VsCodeApi,
    app: HTMLElement,
  ) {
    this.saved = vscode.getState() as PanelState | undefined;
    this.ui = buildQueryLayout(app, {
      onOpen: (row) => this.openJson(row),
      onActiveRow: (row) => {
        if (!this.ui.jsonView.hidden) this.openJson(row, false);
      },
    });
  }

  /** Wires the page's events, restores the saved form and tells the host the page is ready. */
  start(): void {
    this.listen();
    if (this.saved) {
      this.session = this.saved.session;
      this.place = this.saved.place;
    }
    this.writeForm(this.saved?.request ?? emptyPanelRequest());
    this.updateButtons(false);
    this.vscode.postMessage({ type: 'ready' });
  }

  // ---- form state ----

  private readForm(): PanelRequest {
    const ui = this.ui;
    return {
      mode: ui.modeScan.checked ? 'scan' : 'query',
      index: ui.indexSelect.value,
      pk: ui.pkInput.value,
      skOp: ui.skOp.value as PanelRequest['skOp'],
      sk: ui.skInput.value,
      sk2: ui.sk2Input.value,
      limit: ui.limitInput.value,
      descending: ui.directionSelect.value === 'desc',
      consistent: ui.consistentBox.checked,
      projection: ui.projectionInput.value,
      filter: ui.filterInput.value,
      readBudget: ui.budgetInput.value,
    };
  }

  private writeForm(r: PanelRequest): void {
    const ui = this.ui;
    ui.modeQuery.checked = r.mode === 'query';
    ui.modeScan.checked = r.mode === 'scan';
    if (this.table && r.index !== '' && !this.table.indexes.some((i) => i.name === r.index)) r = { ...r, index: '' };
    ui.indexSelect.value = r.index;
    ui.pkInput.value = r.pk;
    ui.skOp.value = r.skOp;
    ui.skInput.value = r.sk;
    ui.sk2Input.value = r.sk2;
    ui.limitInput.value = r.limit;
    ui.directionSelect.value = r.descending ? 'desc' : 'asc';
    ui.consistentBox.checked = r.consistent;
    ui.projectionInput.value = r.projection;
    ui.filterInput.value = r.filter;
    ui.budgetInput.value = r.readBudget;
    this.submitted = false;
    this.refreshForm();
    this.showErrors({});
  }

  private saveState(): void {
    this.vscode.setState({
      place: this.place,
      table: this.table?.name ?? this.saved?.table ?? null,
      request: this.readForm(),
      session: this.session,
    });
  }

  /** Labels, visibility and enabled state that follow the table, index and mode. */
  private refreshForm(): void {
    const { fields, skOp, skOpField, directionField, consistentBox } = this.ui;
    const scan = this.ui.modeScan.checked;
    const index = this.table?.indexes.find((i) => i.name === this.ui.indexSelect.value);
    const pk = index ? index.partitionKey : this.table?.partitionKey;
    const sk = index ? index.sortKey : this.table?.sortKey;
    fields.pk.label.textContent = pk ? `Partition key ${pk.name} (${typeName(pk)})` : 'Partition key';
    this.ui.pkInput.placeholder =
      pk?.type === 'N' ? 'a number, e.g. 1042' : pk?.type === 'B' ? 'base64, e.g. AQID' : 'value';
    fields.sk.label.textContent = sk ? `${sk.name} (${typeName(sk)})` : 'Sort key';
    skOpField.label.textContent = sk ? `Sort key ${sk.name}` : 'Sort key (none)';
    for (const o of skOp.options) o.disabled = o.value === 'begins_with' && sk?.type === 'N';
    if (!sk) skOp.value = '';
    skOp.disabled = !sk;
    fields.sk.wrap.hidden = !sk || skOp.value === '';
    fields.sk2.wrap.hidden = !sk || skOp.value !== 'between';
    fields.sk.label.textContent = skOp.value === 'between' ? 'from' : fields.sk.label.textContent;
    for (const f of [fields.pk.wrap, skOpField.wrap, directionField.wrap]) f.hidden = scan;
    if (scan) {
      fields.sk.wrap.hidden = true;
      fields.sk2.wrap.hidden = true;
    }
    fields.readBudget.wrap.hidden = !scan;
    this.ui.runButton.lastElementChild!.textContent = scan ? 'Scan…' : 'Run';
    consistentBox.disabled = index?.kind === 'GSI';
    if (index?.kind === 'GSI') consistentBox.checked = false;
    fields.consistent.label.title =
      index?.kind === 'GSI'
        ? 'Global secondary indexes only support eventually consistent reads.'
        : 'Strongly consistent: twice the read cost.';
    this.saveState();
  }

  private showErrors(errors: FieldErrors): void {
    let first: HTMLElement | undefined;
    for (const [name, f] of Object.entries(this.ui.fields) as [PanelField, QueryLayout['fields'][PanelField]][]) {
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
    if (first && this.submitted && document.activeElement && !first.contains(document.activeElement)) first.focus();
  }

  private validate(): ReturnType<typeof validatePanelRequest> | undefined {
    if (!this.table) return undefined;
    return validatePanelRequest(this.table, this.readForm());
  }

  private fillIndexes(): void {
    const { indexSelect } = this.ui;
    const table = this.table;
    const current = indexSelect.value;
    indexSelect.replaceChildren();
    if (!table) return;
    indexSelect.append(option('', `${table.name} (table): ${keyText(table.partitionKey, table.sortKey)}`));
    for (const i of table.indexes)
      indexSelect.append(
        option(
          i.name,
          `${i.name} (${i.kind}): ${keyText(i.partitionKey, i.sortKey)}${i.projection.type === 'ALL' ? '' : ` · projects ${i.projection.type === 'KEYS_ONLY' ? 'keys only' : 'keys + some'}`}`,
        ),
      );
    indexSelect.value = table.indexes.some((i) => i.name === current) ? current : '';
  }

  private fillPlaces(): void {
    const { placeSelect } = this.ui;
    const place = this.place;
    placeSelect.replaceChildren(
      ...this.places.map((p, i) => option(String(i), p.region ? `${p.connection} · ${p.region}` : p.connection)),
    );
    const at = this.places.findIndex((p) => place && p.connection === place.connection && p.region === place.region);
    if (at >= 0) placeSelect.value = String(at);
  }

  private fillTables(): void {
    const { tableSelect } = this.ui;
    const names = new Set(this.tables ?? []);
    const current = this.table?.name ?? this.saved?.table ?? '';
    if (current) names.add(current);
    tableSelect.replaceChildren(...[...names].sort().map((n) => option(n, n)));
    if (this.tables === null) tableSelect.append(option('', 'Loading tables…'));
    tableSelect.value = current;
  }

  // ---- results ----

  private setBusy(on: boolean, message?: string): void {
    this.busy = on;
    this.ui.runButton.disabled = on;
    this.ui.cancelButton.hidden = !on;
    this.ui.app.setAttribute('aria-busy', String(on));
    if (message !== undefined) this.ui.status.textContent = message;
    this.updateButtons();
  }

  private updateButtons(hasMore = this.ui.loadMoreButton.dataset.more === 'true'): void {
    const ui = this.ui;
    ui.loadMoreButton.dataset.more = String(hasMore);
    ui.loadMoreButton.disabled = this.busy || !hasMore;
    for (const b of [ui.exportJsonButton, ui.exportCsvButton]) b.disabled = this.busy || this.items.length === 0;
    for (const b of [ui.copyClient, ui.copyDocument, ui.copyCli]) b.disabled = this.busy || !ui.status.dataset.ran;
  }

  private showProblem(message: string | null): void {
    this.ui.problem.replaceChildren(...(message ? [icon('error'), document.createTextNode(` ${message}`)] : []));
    this.ui.problem.hidden = !message;
  }

  private sessionText(): string {
    const s = this.session;
    return `Session: ${s.runs} run${s.runs === 1 ? '' : 's'}, ${units(s.readUnits)}, ${formatUsd(s.costUsd)}`;
  }

  private onResults(m: Extract<HostMessage, { type: 'results' }>): void {
    const { grid, status, notes } = this.ui;
    this.items = m.append ? this.items.concat(m.items) : m.items;
    this.keyNames = m.keyNames;
    grid.setData(m.append ? m.items : this.items, resultColumns(this.items, this.keyNames), m.append);
    grid.setEmptyText('No items match: the key returned nothing.');
    this.session = m.session;
    const run = m.run;
    status.dataset.ran = 'true';
    status.textContent = [
      `${this.items.length} item${this.items.length === 1 ? '' : 's'} loaded`,
      `this run: ${run.count} returned, ${run.scannedCount} scanned${run.pages > 1 ? ` in ${run.pages} pages` : ''}, ${units(run.readUnits)}, ${formatUsd(run.costUsd)}`,
      this.sessionText(),
    ].join(' · ');
    notes.replaceChildren(...m.notes.map((n) => el('li', {}, icon('info'), document.createTextNode(` ${n}`))));
    this.showProblem(null);
    this.setBusy(false);
    this.updateButtons(m.hasMore);
    this.saveState();
  }

  private openJson(row: number, focus = true): void {
    const { grid, jsonTitle, jsonPre, jsonView } = this.ui;
    const item = grid.item(row);
    if (!item) return;
    jsonTitle.textContent = `Item ${row + 1} of ${grid.rowCount}`;
    jsonPre.textContent = JSON.stringify(item, null, 2);
    jsonView.hidden = false;
    if (focus) jsonPre.focus();
  }

  private closeJson(): void {
    this.ui.jsonView.hidden = true;
    this.ui.grid.element.focus();
  }

  private renderHistory(entries: HistoryEntry[]): void {
    this.ui.historySummary.textContent = `History (${entries.length})`;
    this.ui.historyList.replaceChildren(
      ...entries.map((e) => {
        const again = button('Run again', 'debug-restart');
        again.setAttribute('aria-label', `Run again: ${e.summary}`);
        again.addEventListener('click', () => {
          this.vscode.postMessage({ type: 'rerun', id: e.id });
        });
        const when = new Date(e.at);
        const where =
          e.table === this.table?.name && e.place.connection === this.place?.connection
            ? ''
            : `${e.table} on ${e.place.connection} · `;
        return el(
          'li',
          {},
          again,
          el('span', { className: 'history-text', text: `${where}${e.summary}` }),
          el('time', { text: when.toLocaleString(), attrs: { datetime: e.at } }),
        );
      }),
    );
  }

  // ---- events ----

  private submit(): void {
    this.submitted = true;
    const result = this.validate();
    if (!result) {
      this.showProblem('The table is still being read: try again in a moment.');
      return;
    }
    if (!result.ok) {
      this.showErrors(result.errors);
      return;
    }
    this.showErrors({});
    this.showProblem(null);
    this.setBusy(true, this.ui.modeScan.checked ? 'Waiting for the Scan confirmation…' : 'Running…');
    this.saveState();
    this.vscode.postMessage({ type: 'run', request: this.readForm() });
  }

  private listen(): void {
    const ui = this.ui;
    const post = (message: WebviewMessage) => this.vscode.postMessage(message);
    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.busy) this.submit();
    });
    // Enter runs from any control of the form (selects and checkboxes do not submit natively).
    ui.form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement) && !e.isComposing) {
        e.preventDefault();
        if (!this.busy) this.submit();
      }
    });
    ui.form.addEventListener('input', () => {
      this.refreshForm();
      if (this.submitted) {
        const r = this.validate();
        this.showErrors(r && !r.ok ? r.errors : {});
      }
    });
    ui.form.addEventListener('change', () => this.refreshForm());
    ui.cancelButton.addEventListener('click', () => post({ type: 'cancel' }));
    ui.loadMoreButton.addEventListener('click', () => {
      this.setBusy(true, 'Loading the next page…');
      post({ type: 'loadMore' });
    });
    ui.exportJsonButton.addEventListener('click', () => post({ type: 'export', format: 'json' }));
    ui.exportCsvButton.addEventListener('click', () => post({ type: 'export', format: 'csv' }));
    ui.copyClient.addEventListener('click', () => post({ type: 'copyAsCode', flavor: 'sdk-client' }));
    ui.copyDocument.addEventListener('click', () => post({ type: 'copyAsCode', flavor: 'sdk-document' }));
    ui.copyCli.addEventListener('click', () => post({ type: 'copyAsCode', flavor: 'cli' }));
    ui.jsonClose.addEventListener('click', () => this.closeJson());
    ui.jsonView.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeJson();
    });
    ui.placeSelect.addEventListener('change', () => {
      const p = this.places[Number(ui.placeSelect.value)];
      if (!p) return;
      this.place = p;
      this.tables = null;
      this.fillTables();
      post({ type: 'selectPlace', place: p });
    });
    ui.tableSelect.addEventListener('change', () => {
      if (!this.place || !ui.tableSelect.value || ui.tableSelect.value === this.table?.name) return;
      post({ type: 'selectTable', place: this.place, table: ui.tableSelect.value });
    });
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  // ---- messages from the host ----

  private receive(data: unknown): void {
    const m = parseHostMessage(data);
    if (!m) {
      // Only the type is logged: a dropped message may carry item data.
      const type: unknown = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
      console.warn(
        `Dynamo Guard: ignored a malformed message from the extension${typeof type === 'string' ? ` (type ${JSON.stringify(type.slice(0, 40))})` : ''}.`,
      );
      return;
    }
    const ui = this.ui;
    switch (m.type) {
      case 'init': {
        this.places = m.places;
        this.place = m.place;
        this.tables = m.tables;
        this.table = m.table;
        this.session = m.session;
        this.fillPlaces();
        this.fillTables();
        this.fillIndexes();
        const saved = this.saved;
        const keep = saved && saved.table === this.table?.name && saved.place?.connection === this.place?.connection;
        this.writeForm(keep ? saved.request : m.request);
        this.renderHistory(m.history);
        const table = this.table;
        ui.status.textContent = `${table ? `${table.name}: ${keyText(table.partitionKey, table.sortKey)}` : 'Reading the table…'} · ${this.sessionText()}`;
        break;
      }
      case 'tables':
        if (this.place && m.place.connection === this.place.connection && m.place.region === this.place.region) {
          this.tables = m.tables;
          this.fillTables();
        }
        break;
      case 'table': {
        const switched = this.table?.name !== m.table.name;
        this.place = m.place;
        this.table = m.table;
        const table = m.table;
        // The frame is titled like its panel, also after the table picker switched it.
        document.title = `Query ${table.name}`;
        this.fillPlaces();
        this.fillTables();
        this.fillIndexes();
        if (switched) {
          this.items = [];
          ui.grid.setData([], []);
          ui.grid.setEmptyText('No results yet: fill in the key and press Enter.');
          this.writeForm(m.request);
          ui.notes.replaceChildren();
          delete ui.status.dataset.ran;
          this.updateButtons(false);
        } else {
          this.refreshForm();
        }
        ui.status.textContent = `${table.name}: ${keyText(table.partitionKey, table.sortKey)} · ${table.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned'} · ${this.sessionText()}`;
        break;
      }
      case 'running':
        this.setBusy(true, m.message);
        break;
      case 'results':
        this.onResults(m);
        break;
      case 'invalid':
        this.submitted = true;
        this.setBusy(false, '');
        this.showErrors(m.errors);
        break;
      case 'error':
        this.setBusy(false);
        this.showProblem(m.message);
        break;
      case 'cancelled':
        this.setBusy(false, 'Cancelled: nothing more was read.');
        break;
      case 'history':
        this.renderHistory(m.entries);
        break;
      case 'notice':
        this.showProblem(null);
        ui.status.textContent = m.message;
        break;
      case 'prefill':
        this.writeForm(m.request);
        ui.pkInput.focus();
        break;
    }
  }
}
