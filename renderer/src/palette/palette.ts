/**
 * The command palette (Ctrl/Cmd+K): every command with its shortcut, fuzzy-filtered as you type,
 * arrows to move, Enter to run, Escape to close. A combobox with a listbox, per ARIA practice.
 */
import type { Command, CommandId } from '../../../main/common/commands';
import { h, clear } from '../app/dom';
import { fuzzyFilter } from './fuzzy';

export class CommandPalette {
  private dialog: HTMLElement | null = null;
  private returnFocus: Element | null = null;

  constructor(
    private readonly commands: readonly Command[],
    private readonly shortcutText: (accelerator: string) => string,
    private readonly run: (id: CommandId) => void,
  ) {}

  get isOpen(): boolean {
    return this.dialog !== null;
  }

  open(): void {
    if (this.dialog) return;
    this.returnFocus = document.activeElement;
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
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      } else if (e.key === 'Tab') {
        e.preventDefault(); // focus stays in the palette while it is open
      }
    });
    const backdrop = h('div', { class: 'palette-backdrop' });
    backdrop.addEventListener('mousedown', (e) => { if (e.target === backdrop) this.close(); });
    const dialog = h('div', { class: 'palette', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Command palette' }, input, list);
    backdrop.appendChild(dialog);
    document.body.appendChild(backdrop);
    this.dialog = backdrop;
    paint();
    input.focus();
  }

  close(): void {
    if (!this.dialog) return;
    this.dialog.remove();
    this.dialog = null;
    if (this.returnFocus instanceof HTMLElement) this.returnFocus.focus();
  }

  private choose(id: CommandId): void {
    this.close();
    this.run(id);
  }
}
