// Test-only: acts on the query panel page like a user (submit, type into a field, press a key, click
// Load more or Run again) and reports what the DOM then shows. The page honours it only when the
// host says it runs under the test runner.
import type { PanelRequest } from '../core/query/panelRequest';
import type { DebugAction, DomSnapshot } from './protocol';
import type { QueryLayout } from './queryLayout';

/** What the driver reads of the page besides its elements. */
export interface DrivenPage {
  readForm(): PanelRequest;
  tableName(): string | null;
}

export function actOnPage(layout: QueryLayout, page: DrivenPage, action: DebugAction): DomSnapshot {
  const { form, loadMoreButton, grid, historyList } = layout;
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
  return snapshot(layout, page);
}

function snapshot(layout: QueryLayout, page: DrivenPage): DomSnapshot {
  const { grid, fields, status, problem, jsonView, jsonPre, loadMoreButton, indexSelect, historyList, notes } = layout;
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
    form: page.readForm(),
    table: page.tableName(),
    indexOptions: [...indexSelect.options].map((o) => o.textContent ?? ''),
    history: [...historyList.querySelectorAll('.history-text')].map((h) => h.textContent ?? ''),
    notes: [...notes.children].map((n) => (n.textContent ?? '').trim()),
  };
}
