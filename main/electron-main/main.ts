/**
 * The Electron main process: a thin shell around the backend. Every decision that matters for
 * security lives in ./policies (pure, table-tested); this file only wires them into Electron.
 *
 * Bundled to out/electron/main.cjs (CommonJS, `electron` external); package.json `main` points
 * there. Start in development with `npm start`; `--library DIR` (repeatable) and `--notebook DIR`
 * choose other folders.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { Session } from 'electron';
import { commands } from '../common/commands';
import type { NotebookEvent } from '../common/contract/api';
import { Backend } from '../node/backend/backend';
import { createAppProtocolHandler } from './app-protocol';
import { BEFORE_CLOSE_COMMAND, guardWindowClose } from './close-guard';
import { deepLinkFromArgv, DEEP_LINK_SCHEME, formatDeepLink, parseDeepLink, type DeepLink } from '../common/links/deep-link';
import { deferredApi } from './deferred-api';
import { withDesktopShell } from './desktop-api';
import { loadDesktopState, saveDesktopState } from './desktop-state-store';
import { guardWebContents } from './guard-web-contents';
import { forwardNotebookEvents, registerNotebookIpc } from './ipc-bridge';
import type { NotebookIpc } from './ipc-bridge';
import { indexWorkerPath, LaunchOptionsError, relaunchArgs, resolveLaunchPaths } from './launch-options';
import { buildMenuTemplate } from './menu-template';
import { APP_ENTRY_URL, APP_SCHEME } from './policies/app-origin';
import { decideDownload } from './policies/download';
import { rememberOpened, windowBoundsFor, type DesktopState } from './policies/desktop-state';
import { isPermissionGranted } from './policies/permissions';
import { createSenderCheck } from './policies/sender';
import { createGestureGate } from './policies/user-gesture';
import { EVENT_CHANNEL } from '../common/transport/ipc-protocol';
import { secureWebPreferences } from './policies/web-preferences';

/** How long a closing window waits for the renderer's last saves: quiet period, then hard limit. */
const FLUSH_QUIET_MS = 300;
const FLUSH_MAX_MS = 3000;

// Must happen before `ready`: makes app:// a standard, secure origin that fetch() may use. It does
// NOT bypass the CSP and is not CORS-enabled: nothing but our own page talks to it.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const ownWebContents = new Set<number>();
let mainWindow: BrowserWindow | null = null;
let backend: Promise<Backend> | null = null;
let bridge: NotebookIpc | null = null;
let quitting = false;
let backendClosed = false;
let desktopState: DesktopState = { libraries: [], notebooks: [], window: null };
/** Deep links that arrived before the page could take them (first launch, or macOS open-url before ready). */
const pendingLinks: DeepLink[] = [];
let pageLoaded = false;
const stateFile = () => path.join(app.getPath('userData'), 'desktop-state.json');

if (!app.requestSingleInstanceLock()) {
  // Another Sourcebook is running on the same user data; it gets focused (see 'second-instance')
  // and receives this launch's argv, deep link included.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkFromArgv(Array.isArray(argv) ? argv : []);
    if (link) openLink(link);
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // macOS hands sourcebook:// URLs to the running app (also before ready, at launch).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) openLink(link);
  });
  registerProtocolClient();
  const firstLink = deepLinkFromArgv(process.argv);
  if (firstLink) pendingLinks.push(firstLink);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, {
    openExternal: (url) => void shell.openExternal(url),
    gestures: createGestureGate(),
    now: () => Date.now(),
  }));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' || quitting) app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && app.isReady()) createWindow();
  });
  app.on('will-quit', (event) => {
    if (backendClosed || !backend) return;
    event.preventDefault();
    void backend
      .then((b) => b.close(), () => undefined)
      .catch((error: unknown) => console.error('[sourcebook] closing the backend failed:', error))
      .finally(() => {
        backendClosed = true;
        app.quit();
      });
  });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  desktopState = await loadDesktopState(stateFile());
  const paths = resolveLaunchPaths({
    argv: process.argv,
    cwd: process.cwd(),
    isPackaged: app.isPackaged,
    appRoot,
    resourcesPath: process.resourcesPath,
    documentsDir: app.getPath('documents'),
    userDataDir: app.getPath('userData'),
    remembered: { libraryFolders: desktopState.libraries[0], notebookDir: desktopState.notebooks[0] },
  });
  desktopState = rememberOpened(desktopState, paths);
  void saveDesktopState(stateFile(), desktopState).catch(() => undefined);

  lockDownSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(appRoot, 'out', 'renderer')));

  // The window opens at once; calls made before the library is scanned simply wait for it.
  backend = Backend.open({ ...paths, workerUrl: pathToFileURL(indexWorkerPath(appRoot)) });
  backend.catch((error: unknown) => console.error('[sourcebook] the backend could not start:', error));
  const opened = backend;
  const api = withDesktopShell(deferredApi(backend), {
    pathOf: async (target) => (await opened).desktop.pathOf(target),
    showItemInFolder: (file) => shell.showItemInFolder(file),
    chooseDirectory: async (kind) => {
      const options = { title: kind === 'library' ? 'Open library' : 'Open notebook', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : result.filePaths[0] ?? null;
    },
    reopenWith: (kind, folder) => reopenWith(kind, [folder]),
  });
  bridge = registerNotebookIpc(ipcMain, api, createSenderCheck(ownWebContents));
  forwardNotebookEvents(api, (_channel, event) => sendToRenderer(event));

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        commands,
        platform: process.platform,
        appName: app.getName(),
        isDevelopment: !app.isPackaged,
        onCommand: (command) => sendToRenderer({ type: 'menu-command', command }),
        recent: { libraries: desktopState.libraries.slice(1), notebooks: desktopState.notebooks.slice(1) },
        onOpenRecent: (kind, folders) => reopenWith(kind, folders),
      }),
    ),
  );
  createWindow();
}

function createWindow(): void {
  const bounds = windowBoundsFor(desktopState.window, screen.getAllDisplays().map((d) => d.workArea), { width: 1400, height: 900 });
  const win = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: 720,
    minHeight: 480,
    title: 'Sourcebook',
    show: false,
    webPreferences: secureWebPreferences({
      preloadPath: path.join(app.getAppPath(), 'out', 'electron', 'preload.cjs'),
      platform: process.platform,
    }),
  });
  const id = win.webContents.id;
  ownWebContents.add(id);
  mainWindow = win;
  win.once('ready-to-show', () => {
    if (bounds.maximized) win.maximize();
    win.show();
  });
  win.webContents.on('did-finish-load', () => {
    pageLoaded = true;
    for (const link of pendingLinks.splice(0)) sendToRenderer({ type: 'open-link', url: formatDeepLink(link) });
  });
  win.on('close', () => rememberWindow(win));
  guardWindowClose(win, {
    requestFlush: () => sendToRenderer({ type: 'menu-command', command: BEFORE_CLOSE_COMMAND }),
    waitForIdle: () => bridge?.whenIdle(FLUSH_QUIET_MS, FLUSH_MAX_MS) ?? Promise.resolve(),
  });
  win.on('closed', () => {
    ownWebContents.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
}

/** Backend events and menu commands all reach the page on the one event channel. */
function sendToRenderer(event: NotebookEvent): void {
  const contents = mainWindow?.webContents;
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
}

/** A deep link reaches the page as an event (only the canonical form the policy wrote back), once it can listen. */
function openLink(link: DeepLink): void {
  if (!pageLoaded || !mainWindow) {
    pendingLinks.push(link);
    if (!mainWindow && app.isReady() && backend) createWindow();
    return;
  }
  sendToRenderer({ type: 'open-link', url: formatDeepLink(link) });
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** sourcebook:// opens this app. In development Electron must be told which app folder to start. */
function registerProtocolClient(): void {
  if (process.defaultApp && process.argv.length >= 2) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1]!)]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
}

function rememberWindow(win: BrowserWindow): void {
  const { x, y, width, height } = win.isMaximized() ? (win.getNormalBounds?.() ?? win.getBounds()) : win.getBounds();
  desktopState = { ...desktopState, window: { x, y, width, height, maximized: win.isMaximized() } };
  void saveDesktopState(stateFile(), desktopState).catch(() => undefined);
}

/** "Open library…", "Open notebook…" and Open Recent: the app quits (saving as on any close) and starts again on the choice. */
function reopenWith(kind: 'library' | 'notebook', folders: string[]): void {
  app.relaunch({ args: relaunchArgs(process.argv.slice(1), kind, folders) });
  app.quit();
}

/** Permission prompts, device pickers, all network traffic and every download but our own exports are refused. */
function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionGranted(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event, item, contents, frame) => {
    const decision = decideDownload({ url: item.getURL(), urlChain: item.getURLChain(), suggestedName: item.getFilename(), webContents: contents, frame }, ownWebContents);
    if (decision.action === 'cancel') {
      event.preventDefault();
      return;
    }
    // No save path is set, so Electron asks the user where to save; this is only its first guess.
    item.setSaveDialogOptions({ defaultPath: path.join(app.getPath('documents'), decision.fileName) });
  });
  // The app is offline by design: even if a page tried, no request leaves for the network.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
}

function fail(error: unknown): void {
  const message = error instanceof LaunchOptionsError || error instanceof Error ? error.message : String(error);
  console.error('[sourcebook]', error);
  dialog.showErrorBox('Sourcebook could not start', message);
  app.exit(1);
}
