/**
 * The command palette (Ctrl/Cmd+K): every command with its shortcut, fuzzy-filtered as you type,
 * arrows to move, Enter to run, Escape to close. A combobox with a listbox, per ARIA practice.
 */
import type { Command, CommandId } from '../../../main/common/commands';
import { h, clear } from '../app/dom';
import { openModal, type Modal } from '../app/modal';
import { fuzzyFilter } from './fuzzy';

export class CommandPalette {
  private modal: Modal | null = null;

  constructor(
    private readonly commands: readonly Command[],
    private readonly shortcutText: (accelerator: string) => string,
    private readonly run: (id: CommandId) => void,
  ) {}

  get isOpen(): boolean {
    return this.modal?.isOpen ?? false;
  }

  open(): void {
    if (this.isOpen) return;
    const input = h('input', {
      type: 'text', class: 'palette-input', role: 'combobox', 'aria-label': 'Command', 'aria-expanded': 'true',
      'aria-controls': 'palette-list', 'aria-autocomplete': 'list', placeholder: 'Type a command…', autocomplete: 'off',
    });
    const list = h('ul', { id: 'palette-list', role: 'listbox', class: 'palette-list', 'aria-label': 'Commands' });
    let shown: Command[] = [];
    let active = 0;
    const paint = () => {
      clear(list);
      shown = fuzzyFilter(this.commands.filter((c) => c.id !== 'command-palette'), input.value, (c) => c.label).map((m) => m.item);
      active = Math.min(active, Math.max(0, shown.length - 1));
      shown.forEach((c, i) => {
        const option = h('li', { id: `palette-${c.id}`, role: 'option', class: 'palette-option', 'aria-selected': String(i === active) },
          h('span', { class: 'palette-label' }, c.label),
          h('kbd', { class: 'palette-shortcut' }, this.shortcutText(c.shortcut)));
        option.addEventListener('mousedown', (e) => e.preventDefault());
        option.addEventListener('click', () => this.choose(c.id));
        list.appendChild(option);
      });
      if (!shown.length) list.appendChild(h('li', { class: 'palette-empty', role: 'presentation' }, 'No command matches.'));
      const current = shown[active];
      if (current) {
        input.setAttribute('aria-activedescendant', `palette-${current.id}`);
        list.querySelector(`[aria-selected="true"]`)?.scrollIntoView?.({ block: 'nearest' });
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
        const c = shown[active];
        if (c) this.choose(c.id);
      } else if (e.key === 'Tab') {
        e.preventDefault(); // focus stays in the palette while it is open
      }
    });
    paint();
    this.modal = openModal({ label: 'Command palette', className: 'palette', content: [input, list], focus: input, onClose: () => { this.modal = null; } });
  }

  close(): void {
    this.modal?.close();
  }

  private choose(id: CommandId): void {
    this.close();
    this.run(id);
  }
}
