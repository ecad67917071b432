import type { MenuItemConstructorOptions } from 'electron';
import type { Command } from '../common/commands';

export interface MenuOptions {
  readonly commands: readonly Command[];
  /** `process.platform`: macOS gets the app menu and the Window menu. */
  readonly platform: string;
  readonly appName: string;
  /** Adds Reload and the developer tools (never in a packaged app). */
  readonly isDevelopment: boolean;
  /** Called with the command's id when its entry (or its shortcut) is chosen. */
  onCommand(id: string): void;
  /** Libraries and notebooks opened before (not the current ones), most recent first: File ▸ Open Recent. */
  readonly recent?: { readonly libraries: readonly (readonly string[])[]; readonly notebooks: readonly string[] };
  onOpenRecent?(kind: 'library' | 'notebook', folders: string[]): void;
}

const MENU_ORDER = ['File', 'Edit', 'View', 'Go'] as const;

/**
 * The application menu: every command of main/common/commands.ts in its menu with its shortcut,
 * next to the platform's standard entries (clipboard, zoom, quit…) as roles, so the OS wires them.
 * A command's shortcut is handled by the menu, which is why choosing it sends a `menu-command`
 * event to the renderer instead of the key reaching the page.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const entries = (menu: Command['menu']): MenuItemConstructorOptions[] =>
    options.commands
      .filter((command) => command.menu === menu)
      .map((command) => ({ id: command.id, label: command.label, accelerator: command.shortcut, click: () => options.onCommand(command.id) }));
  const withSeparator = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.length > 0 ? [...items, { type: 'separator' }] : [];

  const recentLibraries = options.recent?.libraries ?? [];
  const recentNotebooks = options.recent?.notebooks ?? [];
  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    enabled: recentLibraries.length + recentNotebooks.length > 0,
    submenu: [
      ...recentLibraries.map((folders): MenuItemConstructorOptions => ({ label: `Library: ${folders.join(' + ')}`, click: () => options.onOpenRecent?.('library', [...folders]) })),
      ...(recentLibraries.length && recentNotebooks.length ? [{ type: 'separator' } as const] : []),
      ...recentNotebooks.map((folder): MenuItemConstructorOptions => ({ label: `Notebook: ${folder}`, click: () => options.onOpenRecent?.('notebook', [folder]) })),
    ],
  };
  const standard: Record<(typeof MENU_ORDER)[number], MenuItemConstructorOptions[]> = {
    File: [openRecent, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    Edit: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
    View: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.isDevelopment ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
    Go: [],
  };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  for (const menu of MENU_ORDER) {
    const own = entries(menu);
    // Edit keeps the clipboard entries first, where people look for them; elsewhere our commands lead.
    const submenu = menu === 'Edit' ? [...withSeparator(standard.Edit), ...own] : [...withSeparator(own), ...standard[menu]];
    if (submenu.at(-1)?.type === 'separator') submenu.pop();
    if (submenu.length > 0) template.push({ label: menu, submenu });
  }
  template.push(isMac ? { role: 'windowMenu' } : { label: 'Help', submenu: [{ role: 'about', label: `About ${options.appName}` }] });
  return template;
}
