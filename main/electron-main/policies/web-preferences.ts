import type { WebPreferences } from 'electron';

export interface WebPreferencesOptions {
  /** Absolute path of the bundled preload (out/electron/preload.cjs). */
  readonly preloadPath: string;
  /** `process.platform`; decides the spell checker (see below). */
  readonly platform: string;
}

/**
 * The window's webPreferences: an isolated, sandboxed renderer with no Node.js, no `<webview>`, web
 * security on and no mixed content. The renderer reaches the backend only through the preload's
 * contract methods.
 *
 * Spell checking is on only on macOS, where it uses the OS dictionary; on Linux and Windows
 * Chromium downloads Hunspell dictionaries from Google's servers, which an offline notebook
 * should not do behind the user's back.
 */
export function secureWebPreferences(options: WebPreferencesOptions): WebPreferences {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: options.platform === 'darwin',
  };
}
