/**
 * The quick switcher (Ctrl/Cmd+O): notes, sources and chapters by name, as Obsidian's. A
 * combobox over a listbox like the command palette; results come from the SwitchIndex at each
 * key press, with no wait and no request.
 */
import { h, clear } from '../app/dom';
import type { SwitchIndex, SwitchItem } from './switch-index';

const SHOWN = 50;
const KIND_LABEL: Record<SwitchItem['kind'], string> = { note: 'Note', source: 'Source', heading: 'Chapter' };

export class QuickSwitcher {
  private backdrop: HTMLElement | null = null;
  private returnFocus: Element | null = null;

  constructor(private readonly index: SwitchIndex, private readonly choose: (item: SwitchItem) => void) {}

  get isOpen(): boolean {
    return this.backdrop !== null;
  }

  open(): void {
    if (this.backdrop) return;
    this.returnFocus = document.activeElement;
    const input = h('input', {
      type: 'text', class: 'palette-input', role: 'combobox', 'aria-label': 'Go to a note, source or chapter', 'aria-expanded': 'true',
      'aria-controls': 'switcher-list', 'aria-autocomplete': 'list', placeholder: 'Note, source or chapter…', autocomplete: 'off',
    });
    const list = h('ul', { id: 'switcher-list', role: 'listbox', class: 'palette-list', 'aria-label': 'Matches' });
    let shown: SwitchItem[] = [];
    let active = 0;
    const paint = () => {
      clear(list);
      shown = this.index.find(input.value, SHOWN);
      active = Math.min(active, Math.max(0, shown.length - 1));
      shown.forEach((item, i) => {
        const option = h('li', { id: `switcher-${i}`, role: 'option', class: 'palette-option switcher-option', 'aria-selected': String(i === active) },
          h('span', { class: 'palette-label' }, item.title),
          h('span', { class: 'switcher-detail' }, item.kind === 'note' ? KIND_LABEL.note : `${KIND_LABEL[item.kind]} · ${item.detail}`));
        option.addEventListener('mousedown', (e) => e.preventDefault());
        option.addEventListener('click', () => this.pick(item));
        list.appendChild(option);
      });
      if (!shown.length) list.appendChild(h('li', { class: 'palette-empty', role: 'presentation' }, 'Nothing is called so.'));
      if (shown[active]) {
        input.setAttribute('aria-activedescendant', `switcher-${active}`);
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
        if (item) this.pick(item);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      } else if (e.key === 'Tab') {
        e.preventDefault();
      }
    });
    const backdrop = h('div', { class: 'palette-backdrop' });
    backdrop.addEventListener('mousedown', (e) => { if (e.target === backdrop) this.close(); });
    backdrop.appendChild(h('div', { class: 'palette', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Quick switcher' }, input, list));
    document.body.appendChild(backdrop);
    this.backdrop = backdrop;
    paint();
    input.focus();
  }

  close(): void {
    if (!this.backdrop) return;
    this.backdrop.remove();
    this.backdrop = null;
    if (this.returnFocus instanceof HTMLElement) this.returnFocus.focus();
  }

  private pick(item: SwitchItem): void {
    this.backdrop?.remove();
    this.backdrop = null;
    this.choose(item);
  }
}
