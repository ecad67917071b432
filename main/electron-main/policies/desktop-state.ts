/**
 * What the desktop app remembers between launches (userData/desktop-state.json): the recent
 * libraries and notebooks, the last ones opened, and where the window was. Pure: parsing is
 * tolerant (a damaged file costs only what it held), and a saved window position is used only
 * if it is still on a screen.
 */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface DesktopState {
  /** Most recent first; a library is its list of folders. */
  libraries: string[][];
  notebooks: string[];
  window: WindowBounds | null;
}

export interface Rect { x: number; y: number; width: number; height: number }

export const MAX_RECENT = 8;
const MIN_VISIBLE = { width: 120, height: 60 };

const isFolder = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096 && !v.includes('\0');
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e6;

export function parseDesktopState(raw: unknown): DesktopState {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const libraries = Array.isArray(o.libraries)
    ? o.libraries.filter((l): l is string[] => Array.isArray(l) && l.length > 0 && l.length <= 32 && l.every(isFolder)).slice(0, MAX_RECENT)
    : [];
  const notebooks = Array.isArray(o.notebooks) ? o.notebooks.filter(isFolder).slice(0, MAX_RECENT) : [];
  const w = (o.window && typeof o.window === 'object' ? o.window : null) as Record<string, unknown> | null;
  const window = w && isNumber(w.x) && isNumber(w.y) && isNumber(w.width) && isNumber(w.height) && w.width > 0 && w.height > 0
    ? { x: w.x, y: w.y, width: w.width, height: w.height, maximized: w.maximized === true }
    : null;
  return { libraries, notebooks, window };
}

const sameLibrary = (a: string[], b: string[]) => a.length === b.length && a.every((f, i) => f === b[i]);

/** `state` with this library and notebook first in their recent lists. */
export function rememberOpened(state: DesktopState, opened: { libraryFolders: string[]; notebookDir: string }): DesktopState {
  return {
    ...state,
    libraries: [opened.libraryFolders, ...state.libraries.filter((l) => !sameLibrary(l, opened.libraryFolders))].slice(0, MAX_RECENT),
    notebooks: [opened.notebookDir, ...state.notebooks.filter((n) => n !== opened.notebookDir)].slice(0, MAX_RECENT),
  };
}

/**
 * The window's bounds for this launch: the saved ones if enough of the window would be on one of
 * the screens now attached (a monitor unplugged since leaves none), shrunk to fit that screen;
 * otherwise only the default size, which the OS centres.
 */
export function windowBoundsFor(saved: WindowBounds | null, workAreas: readonly Rect[], fallback: { width: number; height: number }): Partial<Rect> & { width: number; height: number; maximized: boolean } {
  if (saved) {
    for (const area of workAreas) {
      const visibleW = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x);
      const visibleH = Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y);
      if (visibleW >= MIN_VISIBLE.width && visibleH >= MIN_VISIBLE.height) {
        const width = Math.min(saved.width, area.width);
        const height = Math.min(saved.height, area.height);
        const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
        const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
        return { x, y, width, height, maximized: saved.maximized };
      }
    }
  }
  return { width: fallback.width, height: fallback.height, maximized: saved?.maximized ?? false };
}
