/**
 * Edits the named highlight colours ("claim", "evidence", "question"…). The names are what
 * `color:NAME` searches for, so they are the user's own words.
 */
import type { ColorDef } from '../../../main/common/contract';
import { h, errorText } from '../app/dom';
import { openModal, type Modal } from '../app/modal';

export function openColorsDialog(current: readonly ColorDef[], save: (colors: ColorDef[]) => Promise<void>): Modal {
  const rows = h('div', { class: 'colors-rows' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const addRow = (c: ColorDef) => {
    const name = h('input', { type: 'text', 'aria-label': 'Colour name', value: c.name, maxlength: 40, required: true });
    const color = h('input', { type: 'color', 'aria-label': `Colour of ${c.name}`, value: c.color });
    name.addEventListener('input', () => color.setAttribute('aria-label', `Colour of ${name.value}`));
    const row = h('div', { class: 'colors-row' }, color, name,
      h('button', { type: 'button', class: 'link-btn', onclick: () => row.remove(), 'aria-label': `Remove ${c.name}` }, 'Remove'));
    rows.appendChild(row);
  };
  current.forEach(addRow);

  const content = [
    h('h2', {}, 'Highlight colours'),
    h('p', { class: 'hint' }, 'Name each colour by what it means; search with color:NAME.'),
    rows,
    h('button', { type: 'button', class: 'link-btn', onclick: () => addRow({ name: 'new colour', color: '#9ad0f5' }) }, 'Add a colour'),
    error,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: () => close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary', onclick: () => void submit() }, 'Save'),
    ),
  ];
  const close = () => modal.close();
  const submit = async () => {
    const colors = [...rows.querySelectorAll('.colors-row')].map((row) => {
      const [color, name] = row.querySelectorAll('input');
      return { name: (name as HTMLInputElement).value.trim(), color: (color as HTMLInputElement).value };
    });
    const names = new Set(colors.map((c) => c.name.toLowerCase()));
    if (!colors.length) { error.textContent = 'Keep at least one colour.'; return; }
    if (colors.some((c) => !c.name)) { error.textContent = 'Every colour needs a name.'; return; }
    if (names.size !== colors.length) { error.textContent = 'Two colours have the same name.'; return; }
    try {
      await save(colors);
      close();
    } catch (e) {
      error.textContent = errorText(e);
    }
  };
  const modal = openModal({ label: 'Highlight colours', className: 'colors-dialog', content });
  return modal;
}
