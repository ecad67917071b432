/**
 * The command palette (Ctrl/Cmd+K): every command with its shortcut, fuzzy-filtered as you type,
 * arrows to move, Enter to run, Escape to close (a picker, `picker.ts`).
 */
import type { Command, CommandId } from '../../../main/common/commands';
import { h } from '../app/dom';
import type { Modal } from '../app/modal';
import { fuzzyFilter } from './fuzzy';
import { openPicker } from './picker';

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
    this.modal = openPicker<Command>({
      label: 'Command palette', inputLabel: 'Command', placeholder: 'Type a command…', listLabel: 'Commands', idPrefix: 'palette',
      find: (q) => fuzzyFilter(this.commands.filter((c) => c.id !== 'command-palette'), q, (c) => c.label).map((m) => m.item),
      render: (c) => [h('span', { class: 'palette-label' }, c.label), h('kbd', { class: 'palette-shortcut' }, this.shortcutText(c.shortcut))],
      empty: 'No command matches.',
      choose: (c) => this.run(c.id),
    }, () => { this.modal = null; });
  }

  close(): void {
    this.modal?.close();
  }
}
