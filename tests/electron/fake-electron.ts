/**
 * Just enough of Electron's main-process API to run main.ts under Node (the binary cannot be
 * downloaded here): every call main.ts makes is recorded so the wiring can be asserted, and
 * windows, webContents and the app are EventEmitters that tests drive like Electron would.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { tmpdir } from 'node:os';

type AnyFn = (...args: any[]) => any;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: AnyFn | null = null;
  destroyed = false;
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }
  setWindowOpenHandler(handler: AnyFn) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  constructor(readonly options: Record<string, any>) {
    super();
    FakeBrowserWindow.created.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  maximized = false;
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isMaximized() {
    return this.maximized;
  }
  maximize() {
    this.maximized = true;
  }
  close() {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  appPath = path.resolve(__dirname, '../..');
  // One per test process: desktop-state.json written by one run must not steer the next.
  readonly userData = path.join(tmpdir(), `sourcebook-fake-electron-${process.pid}-${Date.now()}`);
  quitCalls = 0;
  exitCode: number | null = null;
  readonly protocolClients: Array<{ scheme: string; args: unknown[] }> = [];
  readonly relaunches: unknown[] = [];
  setAsDefaultProtocolClient(scheme: string, ...args: unknown[]) {
    this.protocolClients.push({ scheme, args });
    return true;
  }
  relaunch(options: unknown) {
    this.relaunches.push(options);
  }
  private readyResolve: () => void = () => {};
  private readonly ready = new Promise<void>((resolve) => { this.readyResolve = resolve; });
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return this.ready;
  }
  /** Test control: Electron finished starting. */
  becomeReady() {
    this.readyResolve();
  }
  isReady() {
    return true;
  }
  getAppPath() {
    return this.appPath;
  }
  getName() {
    return 'Sourcebook';
  }
  getPath(name: string) {
    return path.join(this.userData, name);
  }
  quit() {
    this.quitCalls++;
  }
  exit(code: number) {
    this.exitCode = code;
  }
}

export const app = new FakeApp();

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, AnyFn>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: AnyFn) {
    this.handlers.set(scheme, handler);
  },
};

class FakeSession extends EventEmitter {
  permissionRequest: AnyFn | null = null;
  permissionCheck: AnyFn | null = null;
  devicePermission: AnyFn | null = null;
  beforeRequest: { filter: { urls: string[] }; listener: AnyFn } | null = null;
  readonly webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: AnyFn) => {
      this.beforeRequest = { filter, listener };
    },
  };
  setPermissionRequestHandler(handler: AnyFn) {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: AnyFn) {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: AnyFn) {
    this.devicePermission = handler;
  }
}
export const session = { defaultSession: new FakeSession() };

export const ipcMain = {
  handlers: new Map<string, AnyFn>(),
  handle(channel: string, handler: AnyFn) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const Menu = {
  application: null as unknown,
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu(menu: unknown) {
    this.application = menu;
  },
};

export const shell = {
  opened: [] as string[],
  shown: [] as string[],
  openExternal(url: string) {
    this.opened.push(url);
    return Promise.resolve();
  },
  showItemInFolder(file: string) {
    this.shown.push(file);
  },
};

export const dialog = {
  errors: [] as Array<[string, string]>,
  /** Test control: what the next folder dialog answers (null: cancelled). */
  nextFolder: null as string | null,
  showErrorBox(title: string, message: string) {
    this.errors.push([title, message]);
  },
  showOpenDialog(..._args: unknown[]) {
    const folder = this.nextFolder;
    return Promise.resolve(folder ? { canceled: false, filePaths: [folder] } : { canceled: true, filePaths: [] });
  },
};

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays() {
    return this.displays;
  },
};

export const BrowserWindow = FakeBrowserWindow;
