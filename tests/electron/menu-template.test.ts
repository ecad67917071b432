import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { commands } from '../../main/common/commands';
import { buildMenuTemplate } from '../../main/electron-main/menu-template';

// The accelerators Electron gives the roles we use (docs/api/menu-item.md, per platform).
const ROLE_ACCELERATORS: Record<string, Record<'darwin' | 'other', string | undefined>> = {
  undo: { darwin: 'CmdOrCtrl+Z', other: 'CmdOrCtrl+Z' },
  redo: { darwin: 'Shift+CmdOrCtrl+Z', other: 'CmdOrCtrl+Y' },
  cut: { darwin: 'CmdOrCtrl+X', other: 'CmdOrCtrl+X' },
  copy: { darwin: 'CmdOrCtrl+C', other: 'CmdOrCtrl+C' },
  paste: { darwin: 'CmdOrCtrl+V', other: 'CmdOrCtrl+V' },
  selectAll: { darwin: 'CmdOrCtrl+A', other: 'CmdOrCtrl+A' },
  resetZoom: { darwin: 'CmdOrCtrl+0', other: 'CmdOrCtrl+0' },
  zoomIn: { darwin: 'CmdOrCtrl+Plus', other: 'CmdOrCtrl+Plus' },
  zoomOut: { darwin: 'CmdOrCtrl+-', other: 'CmdOrCtrl+-' },
  togglefullscreen: { darwin: 'Ctrl+Cmd+F', other: 'F11' },
  reload: { darwin: 'CmdOrCtrl+R', other: 'CmdOrCtrl+R' },
  toggleDevTools: { darwin: 'Alt+Cmd+I', other: 'Ctrl+Shift+I' },
  close: { darwin: 'CmdOrCtrl+W', other: 'CmdOrCtrl+W' },
  quit: { darwin: 'CmdOrCtrl+Q', other: 'Ctrl+Q' },
  hide: { darwin: 'Cmd+H', other: undefined },
  hideOthers: { darwin: 'Cmd+Alt+H', other: undefined },
};

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

/** "Shift+CmdOrCtrl+Z" and "CmdOrCtrl+Shift+Z" are the same keys. */
function normalise(accelerator: string, platform: 'darwin' | 'other'): string {
  const parts = accelerator.split('+').map((part) => {
    const p = part.toLowerCase();
    if (p === 'cmdorctrl' || p === 'commandorcontrol') return platform === 'darwin' ? 'cmd' : 'ctrl';
    if (p === 'command') return 'cmd';
    if (p === 'control') return 'ctrl';
    if (p === 'option') return 'alt';
    return p;
  });
  const key = parts.pop()!;
  return [...parts.sort(), key].join('+');
}

describe.each([['darwin'], ['linux'], ['win32']])('the application menu on %s', (platform) => {
  const chosen: string[] = [];
  const template = buildMenuTemplate({ commands, platform, appName: 'Sourcebook', isDevelopment: true, onCommand: (id) => chosen.push(id) });
  const items = flatten(template);
  const kind = platform === 'darwin' ? 'darwin' : 'other';

  it('has an entry for every command, with its shortcut, that sends the command when chosen', () => {
    for (const command of commands) {
      const entries = items.filter((item) => item.id === command.id);
      expect(entries, command.id).toHaveLength(1);
      expect(entries[0]).toMatchObject({ label: command.label, accelerator: command.shortcut });
      (entries[0]!.click as () => void)();
    }
    expect(chosen).toEqual(commands.map((command) => command.id));
  });

  it('puts each command in the menu it names', () => {
    for (const command of commands) {
      const menu = template.find((top) => Array.isArray(top.submenu) && top.submenu.some((item) => item.id === command.id));
      expect(menu?.label, command.id).toBe(command.menu);
    }
  });

  it('keeps the clipboard, undo and quit entries people expect', () => {
    const roles = items.map((item) => item.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']));
  });

  it('never gives two entries the same keys', () => {
    const taken = new Map<string, string>();
    for (const item of items) {
      const accelerator = item.accelerator ?? (item.role ? ROLE_ACCELERATORS[item.role]?.[kind] : undefined);
      if (!accelerator) continue;
      const keys = normalise(String(accelerator), kind);
      expect(taken.get(keys), `${item.id ?? item.role} and ${taken.get(keys)} share ${keys}`).toBeUndefined();
      taken.set(keys, String(item.id ?? item.role));
    }
  });

  it('has no empty menus and no separator at either end of a menu', () => {
    for (const top of template) {
      if (!Array.isArray(top.submenu)) continue;
      expect(top.submenu.length, top.label).toBeGreaterThan(0);
      expect(top.submenu[0]!.type, top.label).not.toBe('separator');
      expect(top.submenu.at(-1)!.type, top.label).not.toBe('separator');
    }
  });
});

describe('a packaged build', () => {
  it('has neither Reload nor the developer tools in its menu', () => {
    const template = buildMenuTemplate({ commands, platform: 'linux', appName: 'Sourcebook', isDevelopment: false, onCommand: () => {} });
    const roles = flatten(template).map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
  });
});
