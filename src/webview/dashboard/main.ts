// A table's dashboard page: the charts core describes (uPlot on canvas, in the editor's chart
// colours, re-drawn when the theme changes), zoom by dragging or with the range buttons (every chart
// follows), the cost split, the recommendations and the figures without history. Text is written as
// text only; every host message is checked by the protocol's guard; after each render and zoom the
// page tells the host what it drew.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import type { ChartModel, DashboardModel, SeriesColor } from '../../core/cost/dashboardModel';
import {
  isTimeRange,
  parseDashboardHostMessage,
  type DashboardPageMessage,
  type DashboardTarget,
  type RenderedChart,
  type TimeRange,
} from '../dashboardProtocol';

interface VsCodeApi {
  postMessage(message: DashboardPageMessage): void;
  getState(): unknown;
  setState(state: { target: DashboardTarget; range: TimeRange | null }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const app = document.getElementById('app') as HTMLElement;
let target: DashboardTarget | null = null;
let model: DashboardModel | null = null;
let range: TimeRange | null = null;
let plots: { chart: ChartModel; plot: uPlot }[] = [];
/** Set while one chart's zoom is copied to the others, so they do not copy it back. */
let syncing = false;

/** The editor's colour for a series, read from the theme's variables (high contrast included). */
function color(name: SeriesColor): string {
  const style = getComputedStyle(document.body);
  const v = (n: string) => style.getPropertyValue(n).trim();
  if (name === 'foreground') return v('--vscode-foreground') || '#888';
  return v(`--vscode-charts-${name}`) || v('--vscode-charts-foreground') || '#888';
}

function axisStyle(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks' | 'font'> {
  const style = getComputedStyle(document.body);
  const fg =
    style.getPropertyValue('--vscode-descriptionForeground').trim() ||
    style.getPropertyValue('--vscode-foreground').trim() ||
    '#888';
  const lines = style.getPropertyValue('--vscode-charts-lines').trim() || 'rgba(128,128,128,0.3)';
  const family = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
  return { stroke: fg, grid: { stroke: lines, width: 1 }, ticks: { stroke: lines, width: 1 }, font: `11px ${family}` };
}

const bars = uPlot.paths.bars?.({ size: [0.9, 12] });
const stepped = uPlot.paths.stepped?.({ align: 1 });

function seriesOptions(chart: ChartModel): uPlot.Series[] {
  return [
    {},
    ...chart.series.map((s): uPlot.Series => {
      const stroke = color(s.color);
      const base: uPlot.Series = { label: s.label, stroke, width: 1.5, spanGaps: false, points: { show: false } };
      switch (s.style) {
        case 'line':
          return base;
        case 'dashed':
          return { ...base, dash: [6, 4], width: 2 };
        case 'step':
          return { ...base, ...(stepped ? { paths: stepped } : {}) };
        case 'bars':
          return { ...base, fill: stroke, ...(bars ? { paths: bars } : {}) };
      }
    }),
  ];
}

function visibleRange(): TimeRange | null {
  const x = plots[0]?.plot.scales.x;
  if (!model || !x || x.min === undefined || x.max === undefined || x.min === null || x.max === null) return null;
  const all = { from: model.times[0] ?? 0, to: (model.times[model.times.length - 1] ?? 0) + model.periodSeconds };
  return x.min <= all.from && x.max >= all.to - model.periodSeconds
    ? null
    : { from: Math.round(x.min), to: Math.round(x.max) };
}

/** Tells the host what is drawn: each chart's series and its points in the visible range. */
function report(): void {
  if (!model) return;
  range = visibleRange();
  if (target) vscode.setState({ target, range });
  const from = range?.from ?? Number.NEGATIVE_INFINITY;
  const to = range?.to ?? Number.POSITIVE_INFINITY;
  const charts: RenderedChart[] = plots.map(({ chart, plot }) => ({
    id: chart.id,
    series: chart.series.map((s) => s.label),
    points: chart.series.map((_, k) => {
      const xs = plot.data[0] as number[];
      const ys = plot.data[k + 1] as (number | null)[];
      let n = 0;
      for (let i = 0; i < xs.length; i++)
        if ((xs[i] as number) >= from && (xs[i] as number) <= to && ys[i] !== null && ys[i] !== undefined) n++;
      return n;
    }),
    colors: chart.series.map((s) => color(s.color)),
  }));
  rangeLabel.textContent = range
    ? `${new Date(range.from * 1000).toLocaleString()} – ${new Date(range.to * 1000).toLocaleString()}`
    : `the last ${model.days} days`;
  const theme = document.body.dataset.vscodeThemeKind;
  vscode.postMessage({ type: 'rendered', charts, range, ...(theme ? { theme } : {}) });
}

function setRange(next: TimeRange | null): void {
  if (!model) return;
  const from = next?.from ?? model.times[0] ?? 0;
  const to = next?.to ?? model.times[model.times.length - 1] ?? 0;
  syncing = true;
  for (const { plot } of plots) plot.setScale('x', { min: from, max: to });
  syncing = false;
  report();
}

const rangeLabel = el('span', { className: 'range-label', attrs: { 'aria-live': 'polite' } });

function rangeButtons(m: DashboardModel): HTMLElement {
  const end = (m.times[m.times.length - 1] ?? 0) + m.periodSeconds;
  const bar = el('div', { className: 'ranges', attrs: { role: 'toolbar', 'aria-label': 'Time range' } });
  for (const days of [1, 3, 7]) {
    if (days >= m.days) continue;
    const b = el('button', { text: `Last ${days} day${days === 1 ? '' : 's'}`, attrs: { type: 'button' } });
    b.addEventListener('click', () => setRange({ from: end - days * 86_400, to: end }));
    bar.append(b);
  }
  const all = el('button', { text: `All ${m.days} days`, attrs: { type: 'button' } });
  all.addEventListener('click', () => setRange(null));
  bar.append(
    all,
    el('span', { className: 'hint', text: 'Drag across a chart to zoom; double-click to reset.' }),
    rangeLabel,
  );
  return bar;
}

function chartWidth(container: HTMLElement): number {
  return Math.max(280, Math.floor(container.clientWidth || app.clientWidth - 40));
}

function drawCharts(m: DashboardModel, holder: HTMLElement): void {
  for (const { plot } of plots) plot.destroy();
  plots = [];
  holder.replaceChildren();
  for (const chart of m.charts) {
    const box = el('section', {
      className: 'chart',
      attrs: {
        'aria-label': `${chart.title}, ${chart.unit}: ${chart.series.map((s) => s.label).join(', ') || 'no series'}`,
      },
    });
    box.append(el('h3', {}, chart.title, el('span', { className: 'unit', text: ` (${chart.unit})` })));
    if (chart.note) box.append(el('p', { className: 'note', text: chart.note }));
    const canvas = el('div', { className: 'plot' });
    box.append(canvas);
    holder.append(box);
    const axis = axisStyle();
    const plot = new uPlot(
      {
        width: chartWidth(canvas),
        height: 170,
        series: seriesOptions(chart),
        scales: { x: { time: true } },
        axes: [{ ...axis }, { ...axis, size: 56, label: undefined }],
        cursor: { drag: { x: true, y: false, setScale: true }, sync: { key: 'dynamo-guard-dashboard' } },
        legend: { show: true, live: true },
        hooks: {
          setScale: [
            (u, key) => {
              if (key !== 'x' || syncing) return;
              const min = u.scales.x?.min;
              const max = u.scales.x?.max;
              if (min === undefined || max === undefined || min === null || max === null) return;
              syncing = true;
              for (const other of plots) if (other.plot !== u) other.plot.setScale('x', { min, max });
              syncing = false;
              report();
            },
          ],
        },
      },
      [m.times, ...chart.series.map((s) => s.values)] as uPlot.AlignedData,
      canvas,
    );
    plots.push({ chart, plot });
  }
}

function section(title: string, ...children: Node[]): HTMLElement {
  return el('section', { className: 'block' }, el('h2', { text: title }), ...children);
}

function render(m: DashboardModel, initialRange: TimeRange | null): void {
  model = m;
  const charts = el('div', { className: 'charts' });
  const parts = el(
    'table',
    { className: 'parts' },
    ...m.parts.map((p) =>
      el(
        'tr',
        { attrs: { title: p.note } },
        el('th', { text: p.label, attrs: { scope: 'row' } }),
        el('td', { text: p.value }),
      ),
    ),
  );
  const recs =
    m.recommendations.length > 0
      ? el(
          'ul',
          { className: 'recs' },
          ...m.recommendations.map((r) =>
            el(
              'li',
              {},
              el('strong', { text: r.action }),
              ' ',
              el('span', { className: 'savings', text: r.savings }),
              el('p', { className: 'evidence', text: r.evidence }),
            ),
          ),
        )
      : el('p', { text: 'No change saves $1 a month or more.' });
  const figures = el(
    'dl',
    { className: 'figures' },
    ...m.figures.flatMap((f) => [el('dt', { text: f.label }), el('dd', { text: f.value, attrs: { title: f.note } })]),
  );
  app.replaceChildren(
    el(
      'header',
      {},
      el('h1', { text: m.table }),
      el('span', { className: 'region', text: m.region ?? '' }),
      el('span', { className: 'summary', text: m.summary }),
    ),
    rangeButtons(m),
    charts,
    el('div', { className: 'columns' }, section('Monthly cost', parts, figures), section('Recommendations', recs)),
    section('Notes', el('ul', { className: 'notes' }, ...m.notes.map((n) => el('li', { text: n })))),
  );
  app.setAttribute('aria-busy', 'false');
  drawCharts(m, charts);
  if (initialRange) setRange(initialRange);
  else report();
}

function message(text: string, kind: 'loading' | 'error'): void {
  model = null;
  for (const { plot } of plots) plot.destroy();
  plots = [];
  const retry = el('button', { text: 'Retry', attrs: { type: 'button' } });
  retry.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  app.replaceChildren(el('p', { className: kind, text }), ...(kind === 'error' ? [retry] : []));
  app.setAttribute('aria-busy', kind === 'loading' ? 'true' : 'false');
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseDashboardHostMessage(event.data);
  if (!msg) return;
  switch (msg.type) {
    case 'loading':
      target = msg.target;
      message(msg.message, 'loading');
      return;
    case 'error':
      target = msg.target;
      message(msg.message, 'error');
      return;
    case 'data':
      target = msg.target;
      render(msg.model, msg.range ?? range);
      return;
    case 'range':
      setRange(msg.range);
      return;
  }
});

// The canvas cannot follow CSS: re-draw on a theme change (body class) and on a resize.
new MutationObserver(() => {
  if (model) render(model, range);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const { plot } of plots)
      plot.setSize({ width: chartWidth(plot.root.parentElement as HTMLElement), height: 170 });
  }, 100);
});
window.addEventListener('dblclick', () => {
  if (range) setRange(null);
});

const saved = vscode.getState() as { range?: unknown } | undefined;
if (saved && typeof saved === 'object' && isTimeRange(saved.range)) range = saved.range;
vscode.postMessage({ type: 'ready' });
