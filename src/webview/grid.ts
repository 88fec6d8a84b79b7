// The query panel's result grid: renders only the rows in view (fixed row height, absolutely placed
// rows in a spacer as tall as all of them), keeps key columns pinned with `position: sticky`, and is
// a keyboard-navigable ARIA grid. Every value is written with textContent: item data is never markup.
import type { JsonObject, JsonValue } from '../core/query/itemJson';
import { cellText, type ResultColumn } from '../core/query/resultColumns';

export const ROW_HEIGHT = 24;
/** Rows rendered above and below the viewport, so fast scrolling never shows blank space. */
const OVERSCAN = 8;
/** A cell shows at most this much of a long value; the JSON view shows all of it. */
const MAX_CELL_CHARS = 300;
const MIN_WIDTH = 64;
const MAX_WIDTH = 360;
const CHAR_WIDTH = 8.4;

export interface GridOptions {
  label: string;
  /** Enter (or a double click) on a row. */
  onOpen(row: number): void;
  /** The active cell moved to another row. */
  onActiveRow?(row: number): void;
}

function own(item: JsonObject, name: string): JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(item, name) ? item[name] : undefined;
}

/** The text one cell shows (long values cut; the JSON view has them whole). */
export function displayText(value: JsonValue | undefined): string {
  const text = cellText(value);
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

export class VirtualGrid {
  readonly element: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly canvas: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private items: JsonObject[] = [];
  private columns: ResultColumn[] = [];
  private widths: number[] = [];
  private offsets: number[] = [];
  private readonly rows = new Map<number, HTMLDivElement>();
  private active: { row: number; column: number } | null = null;
  private scheduled = 0;

  constructor(private readonly options: GridOptions) {
    this.element = document.createElement('div');
    this.element.className = 'grid';
    this.element.setAttribute('role', 'grid');
    this.element.setAttribute('aria-label', options.label);
    this.element.setAttribute('aria-readonly', 'true');
    this.element.tabIndex = 0;
    this.header = document.createElement('div');
    this.header.className = 'grid-header';
    this.header.setAttribute('role', 'row');
    this.header.setAttribute('aria-rowindex', '1');
    this.canvas = document.createElement('div');
    this.canvas.className = 'grid-canvas';
    this.canvas.setAttribute('role', 'rowgroup');
    this.empty = document.createElement('div');
    this.empty.className = 'grid-empty';
    this.empty.textContent = 'No results yet: fill in the key and press Enter.';
    this.element.append(this.header, this.canvas, this.empty);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('click', (e) => this.onClick(e, false));
    this.element.addEventListener('dblclick', (e) => this.onClick(e, true));
    this.element.addEventListener('focus', () => {
      if (!this.active && this.items.length > 0) this.setActive(0, 0);
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
    this.updateAria();
  }

  get rowCount(): number {
    return this.items.length;
  }

  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  get activeCell(): { row: number; column: number } | null {
    return this.active;
  }

  item(row: number): JsonObject | undefined {
    return this.items[row];
  }

  setEmptyText(text: string): void {
    this.empty.textContent = text;
  }

  /** Replaces the rows (a new run) or, with `append`, adds a page; columns are the union so far. */
  setData(items: JsonObject[], columns: ResultColumn[], append = false): void {
    this.items = append ? this.items.concat(items) : items;
    const changed =
      columns.length !== this.columns.length ||
      columns.some((c, i) => c.name !== this.columns[i]?.name || c.key !== this.columns[i]?.key);
    this.columns = columns;
    if (changed || !append) this.measure();
    if (!append) {
      this.active = null;
      this.element.scrollTop = 0;
    }
    this.clearRows();
    this.renderHeader();
    this.canvas.style.height = `${this.items.length * ROW_HEIGHT}px`;
    this.empty.hidden = this.items.length > 0;
    this.updateAria();
    this.render();
  }

  private measure(): void {
    // Widths from the header and a sample of rows: measuring all 10,000 would cost more than it helps.
    const sample = this.items.length > 200 ? this.items.slice(0, 200) : this.items;
    this.widths = this.columns.map((c) => {
      let chars = c.name.length + 2;
      for (const item of sample) chars = Math.max(chars, Math.min(60, cellText(own(item, c.name)).length));
      return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, chars * CHAR_WIDTH + 20)));
    });
    this.offsets = [];
    let left = 0;
    for (const w of this.widths) {
      this.offsets.push(left);
      left += w;
    }
    this.canvas.style.width = `${left}px`;
    this.header.style.width = `${left}px`;
  }

  private renderHeader(): void {
    this.header.replaceChildren(
      ...this.columns.map((c, i) => {
        const cell = document.createElement('div');
        cell.className = c.key ? 'grid-cell grid-head pinned' : 'grid-cell grid-head';
        cell.setAttribute('role', 'columnheader');
        cell.setAttribute('aria-colindex', String(i + 1));
        this.place(cell, i, c.key);
        if (c.key) {
          const icon = document.createElement('span');
          icon.className = 'codicon codicon-key';
          icon.setAttribute('aria-hidden', 'true');
          cell.append(icon);
        }
        cell.append(document.createTextNode(c.name));
        cell.title = c.key ? `${c.name} (key attribute)` : c.name;
        return cell;
      }),
    );
  }

  private place(cell: HTMLElement, column: number, pinned: boolean): void {
    cell.style.width = `${this.widths[column]}px`;
    if (pinned) cell.style.left = `${this.offsets[column]}px`;
  }

  private clearRows(): void {
    for (const row of this.rows.values()) row.remove();
    this.rows.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = requestAnimationFrame(() => {
      this.scheduled = 0;
      this.render();
    });
  }

  /** The rows in view (plus overscan); all other rows do not exist in the DOM. */
  visibleRange(): { first: number; last: number } {
    const viewport = Math.max(this.element.clientHeight - ROW_HEIGHT, ROW_HEIGHT * 10);
    const top = Math.max(0, this.element.scrollTop);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.items.length - 1, Math.ceil((top + viewport) / ROW_HEIGHT) + OVERSCAN);
    return { first, last };
  }

  render(): void {
    const { first, last } = this.visibleRange();
    for (const [index, row] of this.rows) {
      if (index < first || index > last) {
        row.remove();
        this.rows.delete(index);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let i = first; i <= last; i++) {
      if (!this.rows.has(i)) {
        const row = this.renderRow(i);
        this.rows.set(i, row);
        fragment.append(row);
      }
    }
    this.canvas.append(fragment);
    this.markActive();
  }

  private renderRow(index: number): HTMLDivElement {
    const item = this.items[index] as JsonObject;
    const row = document.createElement('div');
    row.className = 'grid-row';
    row.setAttribute('role', 'row');
    row.setAttribute('aria-rowindex', String(index + 2));
    row.dataset.row = String(index);
    row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c] as ResultColumn;
      const value = own(item, column.name);
      const cell = document.createElement('div');
      cell.className = column.key ? 'grid-cell pinned' : 'grid-cell';
      if (value === undefined) cell.classList.add('missing');
      else if (typeof value !== 'string')
        cell.classList.add(`v-${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}`);
      cell.setAttribute('role', 'gridcell');
      cell.setAttribute('aria-colindex', String(c + 1));
      cell.id = `cell-${index}-${c}`;
      cell.dataset.column = String(c);
      this.place(cell, c, column.key);
      // Text only: a value such as <img src=x onerror=...> is shown, never parsed.
      cell.textContent = displayText(value);
      row.append(cell);
    }
    return row;
  }

  private updateAria(): void {
    this.element.setAttribute('aria-rowcount', String(this.items.length + 1));
    this.element.setAttribute('aria-colcount', String(this.columns.length));
  }

  private onClick(e: MouseEvent, open: boolean): void {
    const cell = (e.target as HTMLElement | null)?.closest<HTMLElement>('.grid-row .grid-cell');
    const row = cell?.parentElement?.dataset.row;
    if (!cell || row === undefined) return;
    this.setActive(Number(row), Number(cell.dataset.column ?? 0));
    if (open) this.options.onOpen(Number(row));
  }

  private onKey(e: KeyboardEvent): void {
    if (this.items.length === 0) return;
    const at = this.active ?? { row: 0, column: 0 };
    const page = Math.max(1, Math.floor(this.element.clientHeight / ROW_HEIGHT) - 1);
    let { row, column } = at;
    switch (e.key) {
      case 'ArrowDown':
        row++;
        break;
      case 'ArrowUp':
        row--;
        break;
      case 'ArrowRight':
        column++;
        break;
      case 'ArrowLeft':
        column--;
        break;
      case 'PageDown':
        row += page;
        break;
      case 'PageUp':
        row -= page;
        break;
      case 'Home':
        if (e.ctrlKey || e.metaKey) row = 0;
        column = 0;
        break;
      case 'End':
        if (e.ctrlKey || e.metaKey) row = this.items.length - 1;
        column = this.columns.length - 1;
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.options.onOpen(at.row);
        return;
      default:
        return;
    }
    e.preventDefault();
    this.setActive(row, column);
  }

  setActive(row: number, column: number): void {
    const r = Math.min(Math.max(0, row), this.items.length - 1);
    const c = Math.min(Math.max(0, column), this.columns.length - 1);
    const moved = this.active?.row !== r;
    this.active = { row: r, column: c };
    this.scrollIntoView(r, c);
    this.render();
    if (moved) this.options.onActiveRow?.(r);
  }

  private scrollIntoView(row: number, column: number): void {
    const top = row * ROW_HEIGHT;
    const viewport = this.element.clientHeight - ROW_HEIGHT;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + ROW_HEIGHT > this.element.scrollTop + viewport) this.element.scrollTop = top + ROW_HEIGHT - viewport;
    const column_ = this.columns[column];
    if (!column_ || column_.key) return;
    const pinnedWidth = this.columns.reduce((sum, c, i) => sum + (c.key ? (this.widths[i] ?? 0) : 0), 0);
    const left = this.offsets[column] ?? 0;
    const width = this.widths[column] ?? 0;
    if (left - pinnedWidth < this.element.scrollLeft) this.element.scrollLeft = left - pinnedWidth;
    else if (left + width > this.element.scrollLeft + this.element.clientWidth)
      this.element.scrollLeft = left + width - this.element.clientWidth;
  }

  private markActive(): void {
    for (const el of this.canvas.querySelectorAll('.active, .active-row')) el.classList.remove('active', 'active-row');
    if (!this.active) {
      this.element.removeAttribute('aria-activedescendant');
      return;
    }
    const row = this.rows.get(this.active.row);
    row?.classList.add('active-row');
    const cell = row?.children[this.active.column];
    if (cell) {
      cell.classList.add('active');
      this.element.setAttribute('aria-activedescendant', cell.id);
    }
  }

  /** Rows currently in the DOM (test snapshots and the bench). */
  renderedRows(): HTMLDivElement[] {
    return [...this.rows.values()];
  }
}
