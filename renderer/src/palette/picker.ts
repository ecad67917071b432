/**
 * A picker in the app's one modal: a combobox over a listbox (per ARIA practice) that lists what
 * `find` returns for the text typed, arrows to move, Enter to choose, Escape to close. The command
 * palette and the quick switcher are both pickers.
 */
import { h, clear } from '../app/dom';
import { openModal, type Modal } from '../app/modal';

export interface PickerOptions<T> {
  /** The dialog's accessible name. */
  label: string;
  /** The text field's accessible name, and its placeholder. */
  inputLabel: string;
  placeholder: string;
  listLabel: string;
  /** Prefix of the options' ids (unique in the page). */
  idPrefix: string;
  find(query: string): readonly T[];
  /** The option's content: its label first (`.palette-label`), then any detail. */
  render(item: T): Node[];
  empty: string;
  choose(item: T): void;
}

export function openPicker<T>(o: PickerOptions<T>, onClose: () => void): Modal {
  const input = h('input', {
    type: 'text', class: 'palette-input', role: 'combobox', 'aria-label': o.inputLabel, 'aria-expanded': 'true',
    'aria-controls': `${o.idPrefix}-list`, 'aria-autocomplete': 'list', placeholder: o.placeholder, autocomplete: 'off',
  });
  const list = h('ul', { id: `${o.idPrefix}-list`, role: 'listbox', class: 'palette-list', 'aria-label': o.listLabel });
  let shown: readonly T[] = [];
  let active = 0;
  let modal: Modal | null = null;
  const choose = (item: T) => {
    modal?.close();
    o.choose(item);
  };
  const paint = () => {
    clear(list);
    shown = o.find(input.value);
    active = Math.min(active, Math.max(0, shown.length - 1));
    shown.forEach((item, i) => {
      const option = h('li', { id: `${o.idPrefix}-${i}`, role: 'option', class: 'palette-option', 'aria-selected': String(i === active) }, ...o.render(item));
      option.addEventListener('mousedown', (e) => e.preventDefault());
      option.addEventListener('click', () => choose(item));
      list.appendChild(option);
    });
    if (!shown.length) list.appendChild(h('li', { class: 'palette-empty', role: 'presentation' }, o.empty));
    if (shown[active] !== undefined) {
      input.setAttribute('aria-activedescendant', `${o.idPrefix}-${active}`);
      list.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  input.addEventListener('input', () => { active = 0; paint(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + shown.length) % Math.max(1, shown.length);
      paint();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = shown[active];
      if (item !== undefined) choose(item);
    } else if (e.key === 'Tab') {
      e.preventDefault(); // focus stays in the picker while it is open
    }
  });
  paint();
  modal = openModal({ label: o.label, className: 'palette', content: [input, list], focus: input, onClose });
  return modal;
}
