/**
 * The whole app, as `renderer/src/main.ts` mounts it, on the real backend in this process: the
 * library, reader, notes pane and review tools a user's window has, over real files.
 */
import { App } from '../../renderer/src/app/app';
import { mountNotes } from '../../renderer/src/notes';
import { openRealBackend, type RealBackend, type RealBackendOptions } from './real-backend';
import { allByRole, getByRole } from './roles';

export const ARTICLE = '003_c38cac0ff9cc0db6.txt';
export const NEWS = '000_fc16814f2607de2a.txt';
export const ARTICLE_TITLE = 'Amazon AI: The $8 Billion Confession of Failure';
export const NEWS_TITLE = 'Amazon is investing billions in its favorite AI and it’s not yet Alexa';

export interface RealApp {
  app: App;
  real: RealBackend;
  /** Mounts the app again on the same backend (a reload of the page), after disposing this one. */
  reload(): Promise<RealApp>;
  close(): Promise<void>;
}

export interface RealAppOptions extends RealBackendOptions {
  /** The window's width in CSS pixels (default 1600). */
  width?: number;
  /** Called as soon as the app is constructed, before it has loaded anything. */
  onMount?: (app: App) => void;
  /** Work done on the backend before the app is mounted (what was there when the app started). */
  prepare?: (real: RealBackend) => Promise<void>;
}

const open: RealApp[] = [];

/** Opens the real backend on a copy of the sample library and mounts the app; resolves once the app has loaded what it shows first. */
export async function startApp(options: RealAppOptions = {}): Promise<RealApp> {
  const real = await openRealBackend({ library: 'seeds', ...options });
  await options.prepare?.(real);
  return mountOn(real, options.width ?? 1600, options.onMount);
}

async function mountOn(real: RealBackend, width: number, onMount?: (app: App) => void): Promise<RealApp> {
  document.body.innerHTML = '<div id="app"></div>';
  Object.defineProperty(window, 'innerWidth', { value: width, configurable: true });
  const app = new App(document.getElementById('app')!, real.api, mountNotes);
  onMount?.(app);
  let disposed = false;
  const dispose = () => { if (!disposed) { disposed = true; app.dispose(); } };
  const handle: RealApp = {
    app, real,
    async reload() {
      dispose();
      open.splice(open.indexOf(handle), 1);
      return mountOn(real, width);
    },
    async close() {
      dispose();
      open.splice(open.indexOf(handle), 1);
      await real.close();
    },
  };
  open.push(handle);
  await real.idle();
  return handle;
}

/** Closes every app a test started (call from afterEach). */
export async function closeApps(): Promise<void> {
  for (const handle of [...open].reverse()) await handle.close();
  document.body.innerHTML = '';
}

/** The reader pane ("Source"). */
export const readerPane = () => getByRole(document, 'region', 'Source');

/** The title the reader shows (its level-one heading). */
export const readerTitle = () => allByRole(readerPane(), 'heading').find((h) => h.tagName === 'H1')?.textContent ?? null;
