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
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { commands } from '../common/commands';
import type { NotebookEvent } from '../common/contract/api';
import { Backend } from '../node/backend/backend';
import { createAppProtocolHandler } from './app-protocol';
import { BEFORE_CLOSE_COMMAND, guardWindowClose } from './close-guard';
import { deferredApi } from './deferred-api';
import { forwardNotebookEvents, registerNotebookIpc } from './ipc-bridge';
import type { NotebookIpc } from './ipc-bridge';
import { indexWorkerPath, LaunchOptionsError, resolveLaunchPaths } from './launch-options';
import { buildMenuTemplate } from './menu-template';
import { APP_ENTRY_URL, APP_SCHEME } from './policies/app-origin';
import { decideDownload } from './policies/download';
import { decideNavigation, decideWindowOpen } from './policies/navigation';
import { isPermissionGranted } from './policies/permissions';
import { createSenderCheck } from './policies/sender';
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

if (!app.requestSingleInstanceLock()) {
  // Another Sourcebook is running on the same user data; it gets focused (see 'second-instance').
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
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
  const paths = resolveLaunchPaths({
    argv: process.argv,
    cwd: process.cwd(),
    isPackaged: app.isPackaged,
    appRoot,
    resourcesPath: process.resourcesPath,
    documentsDir: app.getPath('documents'),
    userDataDir: app.getPath('userData'),
  });

  lockDownSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(appRoot, 'out', 'renderer')));

  // The window opens at once; calls made before the library is scanned simply wait for it.
  backend = Backend.open({ ...paths, workerUrl: pathToFileURL(indexWorkerPath(appRoot)) });
  backend.catch((error: unknown) => console.error('[sourcebook] the backend could not start:', error));
  const api = deferredApi(backend);
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
      }),
    ),
  );
  createWindow();
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
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
  win.once('ready-to-show', () => win.show());
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

/** Applies the navigation, new-window and webview policies to every webContents ever created. */
function lockDownWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.action === 'open-external') void shell.openExternal(decision.url);
    return { action: 'deny' };
  });
  const guardNavigation = (event: { preventDefault(): void; url: string }) => {
    const decision = decideNavigation(event.url);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-external') void shell.openExternal(decision.url);
  };
  contents.on('will-navigate', guardNavigation);
  // Subframes (none are expected: the CSP forbids frames) and redirects get the same policy.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) guardNavigation(event);
  });
  contents.on('will-redirect', guardNavigation);
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
