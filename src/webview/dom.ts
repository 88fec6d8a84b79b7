// Small DOM builders for the query panel page. They only ever write text (textContent, attributes):
// item data never becomes markup.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; id?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

export function button(label: string, iconName: string, className = 'secondary'): HTMLButtonElement {
  return el('button', { className, attrs: { type: 'button' } }, icon(iconName), el('span', { text: label }));
}

/** A labelled form field with its own error line (announced through aria-describedby). */
export interface Field {
  wrap: HTMLDivElement;
  label: HTMLLabelElement;
  error: HTMLDivElement;
}

export function field(labelText: string, control: HTMLElement, name: string, hint?: string): Field {
  const label = el('label', { text: labelText, attrs: { for: control.id } });
  const error = el('div', { className: 'field-error', id: `${name}-error` });
  error.hidden = true;
  control.setAttribute('aria-describedby', `${name}-error`);
  const wrap = el('div', { className: `field field-${name}` }, label, control);
  if (hint) wrap.append(el('div', { className: 'hint', text: hint }));
  wrap.append(error);
  return { wrap, label, error };
}

export function input(id: string, placeholder = ''): HTMLInputElement {
  const i = el('input', { id, attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off' } });
  i.placeholder = placeholder;
  return i;
}

export function select(id: string): HTMLSelectElement {
  return el('select', { id });
}

export function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', { text: label });
  o.value = value;
  return o;
}
