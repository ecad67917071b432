/**
 * Every user action, once: the renderer's command palette lists them with their shortcuts, and the
 * Electron shell builds its menu from the same table and sends `{ type: 'menu-command', command: id }`.
 *
 * `shortcut` is an Electron accelerator ("CmdOrCtrl+Shift+Q"); the renderer matches it against key
 * events itself in browser mode. `menu` names the Electron menu the entry belongs in.
 */
export interface Command {
  id: CommandId;
  label: string;
  shortcut: string;
  menu: 'File' | 'Edit' | 'View' | 'Go';
}

export const commandIds = [
  'command-palette',
  'quick-switcher',
  'focus-search',
  'focus-library',
  'focus-reader',
  'focus-notes',
  'quote-selection',
  'highlight-selection',
  'comment-selection',
  'edit-colors',
  'new-note',
  'show-problems',
  'reader-top',
  'review-quotes',
  'check-quotes',
  'export-annotations',
  'export-note-markdown',
  'open-library',
  'open-notebook',
  'reveal-source',
  'reveal-note',
] as const;
export type CommandId = (typeof commandIds)[number];

export const commands: readonly Command[] = [
  { id: 'command-palette', label: 'Command palette…', shortcut: 'CmdOrCtrl+K', menu: 'View' },
  { id: 'quick-switcher', label: 'Quick switcher: go to a note, source or chapter…', shortcut: 'CmdOrCtrl+O', menu: 'Go' },
  { id: 'focus-search', label: 'Search the library', shortcut: 'CmdOrCtrl+F', menu: 'Edit' },
  { id: 'focus-library', label: 'Go to library and results', shortcut: 'CmdOrCtrl+1', menu: 'Go' },
  { id: 'focus-reader', label: 'Go to reader', shortcut: 'CmdOrCtrl+2', menu: 'Go' },
  { id: 'focus-notes', label: 'Go to notes', shortcut: 'CmdOrCtrl+3', menu: 'Go' },
  { id: 'quote-selection', label: 'Quote to note', shortcut: 'CmdOrCtrl+Shift+Q', menu: 'Edit' },
  { id: 'highlight-selection', label: 'Highlight selection', shortcut: 'CmdOrCtrl+Shift+H', menu: 'Edit' },
  { id: 'comment-selection', label: 'Highlight selection with a comment…', shortcut: 'CmdOrCtrl+Shift+M', menu: 'Edit' },
  { id: 'edit-colors', label: 'Edit highlight colours…', shortcut: 'CmdOrCtrl+Alt+C', menu: 'Edit' },
  { id: 'new-note', label: 'New note', shortcut: 'CmdOrCtrl+Alt+N', menu: 'File' },
  { id: 'show-problems', label: 'Show files that could not be read', shortcut: 'CmdOrCtrl+Alt+P', menu: 'View' },
  { id: 'reader-top', label: 'Back to the top of the source', shortcut: 'CmdOrCtrl+Alt+Up', menu: 'Go' },
  // Ctrl+Alt letters that AltGr does not type on common European layouts (not E, Q, M, C, L, N, O, S, Z…).
  { id: 'review-quotes', label: 'Review quotes', shortcut: 'CmdOrCtrl+Alt+R', menu: 'View' },
  { id: 'check-quotes', label: 'Check quotes', shortcut: 'CmdOrCtrl+Alt+K', menu: 'File' },
  { id: 'export-annotations', label: 'Export annotations (W3C JSON)', shortcut: 'CmdOrCtrl+Alt+J', menu: 'File' },
  { id: 'export-note-markdown', label: 'Export note as Markdown', shortcut: 'CmdOrCtrl+Alt+D', menu: 'File' },
  // Ctrl+O is the quick switcher (as in Obsidian); opening another folder is rarer.
  { id: 'open-library', label: 'Open library…', shortcut: 'CmdOrCtrl+Shift+O', menu: 'File' },
  { id: 'open-notebook', label: 'Open notebook…', shortcut: 'CmdOrCtrl+Shift+B', menu: 'File' },
  { id: 'reveal-source', label: 'Reveal source in file manager', shortcut: 'CmdOrCtrl+Alt+F', menu: 'File' },
  { id: 'reveal-note', label: 'Reveal note in file manager', shortcut: 'CmdOrCtrl+Alt+G', menu: 'File' },
];

export function isCommandId(id: string): id is CommandId {
  return (commandIds as readonly string[]).includes(id);
}

/** Sent by the Electron shell before it closes the window: the renderer saves what is unsaved. Not a user command. */
export const BEFORE_CLOSE_COMMAND = 'before-close';
