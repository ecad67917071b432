/**
 * main.ts run against a recording fake of Electron (tests/electron/fake-electron.ts) and the real
 * backend, opened where main.ts asks (the sample library, a notebook in the fake Documents):
 * checks that the window, protocol, session, IPC and menu are wired to the policies.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NotebookEvent } from '../../main/common/contract/api';
import { commands } from '../../main/common/commands';
import { EVENT_CHANNEL } from '../../main/common/transport/ipc-protocol';
import { createPreloadApi } from '../../main/electron-sandbox/preload-api';
import { RENDERER_CSP } from '../../main/common/security/csp';
import type { Backend } from '../../main/node/backend/backend';
import { until } from '../support/until';
import * as electron from './fake-electron';

const opened = vi.hoisted(() => ({ with: null as unknown, backend: null as Promise<Backend> | null }));

vi.mock('electron', () => import('./fake-electron'));
// The real Backend.open, noting what main.ts asked for.
vi.mock('../../main/node/backend/backend', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../main/node/backend/backend')>();
  const open: typeof actual.Backend.open = (options) => {
    opened.with = options;
    opened.backend = actual.Backend.open(options);
    return opened.backend;
  };
  return { ...actual, Backend: new Proxy(actual.Backend, { get: (target, name) => (name === 'open' ? open : Reflect.get(target, name)) }) };
});

const ROOT = path.resolve(__dirname, '../..');
const notebookDir = () => path.join(electron.app.getPath('documents'), 'Sourcebook Notebook');
const SEED = '003_c38cac0ff9cc0db6.txt';

afterAll(async () => {
  await (await opened.backend)?.close();
  await rm(electron.app.getPath(''), { recursive: true, force: true, maxRetries: 5 });
});
let win: electron.FakeBrowserWindow;

function pageApi(frameUrl = 'app://sourcebook/index.html', parent: unknown = null) {
  return createPreloadApi({
    invoke: async (channel, ...args) => {
      const handler = electron.ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return structuredClone(await handler({ sender: win.webContents, senderFrame: { url: frameUrl, parent } }, ...structuredClone(args)));
    },
    on: () => {},
    removeListener: () => {},
  });
}

beforeAll(async () => {
  // The first launch was started by a sourcebook:// link (Windows and Linux pass it in argv).
  process.argv = [process.argv[0]!, '.', 'sourcebook://annotation/first-launch-1'];
  await mkdir(notebookDir(), { recursive: true });
  await writeFile(path.join(notebookDir(), 'Ideas.md'), '# Ideas\n');
  await import('../../main/electron-main/main');
  expect(electron.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  expect(electron.FakeBrowserWindow.created).toHaveLength(0);
  electron.app.becomeReady();
  await vi.waitFor(() => expect(electron.FakeBrowserWindow.created).toHaveLength(1));
  win = electron.FakeBrowserWindow.created[0]!;
});

describe('main.ts, once Electron is ready', () => {
  it('registers the app scheme as privileged before ready, without bypassing the CSP', () => {
    expect(electron.protocol.privileged[0]).not.toHaveProperty('privileges.bypassCSP');
  });

  it('opens one secure window on app://sourcebook/index.html with the bundled preload', () => {
    expect(electron.FakeBrowserWindow.created).toHaveLength(1);
    expect(win.loadedUrl).toBe('app://sourcebook/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false,
      preload: path.join(ROOT, 'out', 'electron', 'preload.cjs'),
    });
  });

  it('opens the backend on the sample library, the Documents notebook and a cache in userData', () => {
    expect(opened.with).toMatchObject({
      libraryFolders: [path.join(ROOT, 'seeds')],
      notebookDir: notebookDir(),
      cacheDir: path.join(electron.app.getPath('userData'), 'library-cache'),
    });
    expect(String((opened.with as { workerUrl: URL }).workerUrl)).toMatch(/\/out\/index-worker\.mjs$/);
  });

  it('serves the renderer over app:// with the CSP header', async () => {
    const handler = electron.protocol.handlers.get('app')!;
    const response: Response = await handler({ url: 'app://sourcebook/../../package.json', method: 'GET' });
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await response.text()).not.toContain('"devDependencies"');
  });

  it('answers the window’s calls and refuses the same call from an iframe', async () => {
    await expect(pageApi().listNotes()).resolves.toMatchObject([{ path: 'Ideas.md', title: 'Ideas', bytes: 8 }]);
    await expect(pageApi('app://sourcebook/index.html', {}).listNotes()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pageApi('file:///etc/passwd').listNotes()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('forwards backend events to the window', async () => {
    const note = await pageApi().createNote('Forwarded');
    const event = { type: 'notes-changed' as const, changed: [note.path], removed: [], external: false, annotations: [] };
    await until(() => win.webContents.sent.some((m) => m.channel === EVENT_CHANNEL && JSON.stringify(m.payload) === JSON.stringify(event)), 'the note event at the window');
  });

  it('builds the menu from the shared command list; choosing an entry sends its menu-command', () => {
    const template = (electron.Menu.application as { template: Array<{ submenu?: Array<{ id?: string; click?: () => void }> }> }).template;
    const entry = template.flatMap((menu) => menu.submenu ?? []).find((item) => item.id === commands[0]!.id)!;
    entry.click!();
    expect(win.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, payload: { type: 'menu-command', command: commands[0]!.id } });
  });

  it('cancels navigation away from the app and sends web links to the OS browser', () => {
    const navigate = (url: string) => {
      let prevented = false;
      win.webContents.emit('will-navigate', { url, preventDefault: () => { prevented = true; } });
      return prevented;
    };
    expect(navigate('app://sourcebook/index.html#notes')).toBe(false);
    expect(navigate('file:///etc/passwd')).toBe(true);
    win.webContents.emit('input-event', {}, { type: 'mouseUp' }); // the user clicked the link
    expect(navigate('https://www.gutenberg.org/')).toBe(true);
    expect(electron.shell.opened).toEqual(['https://www.gutenberg.org/']);
  });

  it('cancels subframe and main-frame navigations and redirects away from the app (will-frame-navigate, will-redirect)', () => {
    const emit = (name: string, url: string, isMainFrame: boolean) => {
      let prevented = false;
      win.webContents.emit(name, { url, isMainFrame, preventDefault: () => { prevented = true; } });
      return prevented;
    };
    expect(emit('will-frame-navigate', 'app://sourcebook/index.html', false)).toBe(false);
    expect(emit('will-frame-navigate', 'file:///etc/passwd', false)).toBe(true);
    expect(emit('will-frame-navigate', 'https://evil.example/', true)).toBe(true);
    expect(emit('will-redirect', 'file:///home/ada/.ssh/id_rsa', true)).toBe(true);
    expect(emit('will-redirect', 'https://evil.example/', false)).toBe(true);
    expect(emit('will-redirect', 'app://sourcebook/index.html', true)).toBe(false);
  });

  it('hands a link to the OS only right after a click or key press, once per gesture', () => {
    electron.shell.opened.length = 0;
    const navigate = (url: string) => win.webContents.emit('will-navigate', { url, preventDefault: () => {} });
    navigate('https://no-gesture.example/');
    expect(win.webContents.windowOpenHandler!({ url: 'https://popup.example/' })).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual([]);
    win.webContents.emit('input-event', {}, { type: 'mouseDown' });
    navigate('https://clicked.example/');
    navigate('https://second-from-same-click.example/');
    win.webContents.emit('input-event', {}, { type: 'keyDown' });
    win.webContents.windowOpenHandler!({ url: 'https://opened-by-key.example/' });
    expect(electron.shell.opened).toEqual(['https://clicked.example/', 'https://opened-by-key.example/']);
  });

  it('registers sourcebook:// with the OS and gives the page the link of the first launch once it has loaded', () => {
    expect(electron.app.protocolClients.map((c) => c.scheme)).toEqual(['sourcebook']);
    expect(win.webContents.sent.some((m) => (m.payload as NotebookEvent).type === 'open-link')).toBe(false);
    win.webContents.emit('did-finish-load');
    expect(win.webContents.sent.filter((m) => (m.payload as NotebookEvent).type === 'open-link').map((m) => m.payload))
      .toEqual([{ type: 'open-link', url: 'sourcebook://annotation/first-launch-1' }]);
  });

  it('opens deep links from a second instance\'s argv and from open-url, and ignores anything else', () => {
    const links = () => win.webContents.sent.filter((m) => (m.payload as NotebookEvent).type === 'open-link').map((m) => (m.payload as { url: string }).url);
    const before = links().length;
    electron.app.emit('second-instance', {}, ['/opt/Sourcebook/sourcebook', '--library', 'sourcebook://annotation/not-this', 'sourcebook://source/papers%2Fa.md']);
    electron.app.emit('second-instance', {}, ['/opt/Sourcebook/sourcebook', 'sourcebook://annotation/..%2F..']);
    let prevented = false;
    electron.app.emit('open-url', { preventDefault: () => { prevented = true; } }, 'sourcebook://annotation/from-mac');
    electron.app.emit('open-url', { preventDefault: () => {} }, 'file:///etc/passwd');
    expect(prevented).toBe(true);
    expect(links().slice(before)).toEqual(['sourcebook://source/papers/a.md', 'sourcebook://annotation/from-mac']);
  });

  it('reveals a source in the file manager and opens another library through the native dialog', async () => {
    await expect(pageApi().revealInFileManager({ kind: 'source', id: SEED })).resolves.toMatchObject({ done: true });
    expect(electron.shell.shown).toEqual([path.join(ROOT, 'seeds', SEED)]);
    await expect(pageApi().chooseFolder('library')).resolves.toEqual({ done: false, message: 'No library folder chosen.' });
    expect(electron.app.relaunches).toEqual([]);
    electron.dialog.nextFolder = '/home/ada/Papers';
    await expect(pageApi().chooseFolder('library')).resolves.toMatchObject({ done: true });
    expect(electron.app.relaunches).toEqual([{ args: ['.', '--library=/home/ada/Papers'] }]);
  });

  it('denies every new window and <webview>', () => {
    expect(win.webContents.windowOpenHandler!({ url: 'app://sourcebook/index.html' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    let prevented = false;
    win.webContents.emit('will-attach-webview', { preventDefault: () => { prevented = true; } }, {}, {});
    expect(prevented).toBe(true);
  });

  it('denies permissions, devices and network requests', () => {
    const ses = electron.session.defaultSession;
    let granted: boolean | undefined;
    ses.permissionRequest!(win.webContents, 'media', (answer: boolean) => { granted = answer; }, { requestingUrl: 'app://sourcebook/' });
    expect(granted).toBe(false);
    expect(ses.permissionCheck!(win.webContents, 'clipboard-read', 'app://sourcebook')).toBe(false);
    expect(ses.devicePermission!({})).toBe(false);
    let cancelled: unknown;
    ses.beforeRequest!.listener({ url: 'https://tracker.example/' }, (answer: unknown) => { cancelled = answer; });
    expect(cancelled).toEqual({ cancel: true });
  });

  it('lets the page save its own export through the save dialog, proposed in Documents, and cancels any other download', () => {
    const download = (url: string, frameUrl = 'app://sourcebook/index.html') => {
      let prevented = false;
      const dialogOptions: unknown[] = [];
      const item = { getURL: () => url, getURLChain: () => [url], getFilename: () => 'Alexa strategy.md', setSaveDialogOptions: (o: unknown) => dialogOptions.push(o) };
      electron.session.defaultSession.emit('will-download', { preventDefault: () => { prevented = true; } }, item, win.webContents, { url: frameUrl, parent: null });
      return { prevented, dialogOptions };
    };
    expect(download('blob:app://sourcebook/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21')).toEqual({
      prevented: false,
      dialogOptions: [{ defaultPath: path.join(electron.app.getPath('documents'), 'Alexa strategy.md') }],
    });
    expect(download('https://evil.example/payload.exe')).toEqual({ prevented: true, dialogOptions: [] });
    expect(download('blob:https://evil.example/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21')).toEqual({ prevented: true, dialogOptions: [] });
    expect(download('blob:app://sourcebook/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21', 'https://evil.example/')).toEqual({ prevented: true, dialogOptions: [] });
  });

  it('on close, asks the renderer to save and closes once the save has been answered', async () => {
    const api = pageApi();
    const { version } = await api.readNote('Ideas.md');
    win.close();
    expect(win.isDestroyed()).toBe(false);
    const lastEvent = win.webContents.sent.at(-1)!.payload as NotebookEvent;
    expect(lastEvent).toEqual({ type: 'menu-command', command: 'before-close' });
    await expect(api.saveNote({ path: 'Ideas.md', markdown: 'last words', baseVersion: version })).resolves.toMatchObject({ status: 'saved' });
    await vi.waitFor(() => expect(win.isDestroyed()).toBe(true), { timeout: 3000 });
    expect(await readFile(path.join(notebookDir(), 'Ideas.md'), 'utf8')).toBe('last words');
  });

  it('stops trusting the closed window', async () => {
    await expect(pageApi().listNotes()).rejects.toMatchObject({ code: 'forbidden' });
  });
});
