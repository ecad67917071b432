/**
 * The quick switcher (Ctrl/Cmd+O): notes, sources and chapters by name, as Obsidian's. A picker
 * (`palette/picker.ts`) whose matches come from the SwitchIndex at each key press, with no wait
 * and no request.
 */
import { h } from '../app/dom';
import type { Modal } from '../app/modal';
import { openPicker } from '../palette/picker';
import type { SwitchIndex, SwitchItem } from './switch-index';

const SHOWN = 50;
const KIND_LABEL: Record<SwitchItem['kind'], string> = { note: 'Note', source: 'Source', heading: 'Chapter' };

export class QuickSwitcher {
  private modal: Modal | null = null;

  constructor(private readonly index: SwitchIndex, private readonly choose: (item: SwitchItem) => void) {}

  get isOpen(): boolean {
    return this.modal?.isOpen ?? false;
  }

  open(): void {
    if (this.isOpen) return;
    this.modal = openPicker<SwitchItem>({
      label: 'Quick switcher', inputLabel: 'Go to a note, source or chapter', placeholder: 'Note, source or chapter…',
      listLabel: 'Matches', idPrefix: 'switcher',
      find: (q) => this.index.find(q, SHOWN),
      render: (item) => [
        h('span', { class: 'palette-label' }, item.title),
        h('span', { class: 'switcher-detail' }, item.kind === 'note' ? KIND_LABEL.note : `${KIND_LABEL[item.kind]} · ${item.detail}`),
      ],
      empty: 'Nothing is called so.',
      choose: (item) => this.choose(item),
    }, () => { this.modal = null; });
  }

  close(): void {
    this.modal?.close();
  }
}
