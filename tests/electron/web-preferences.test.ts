import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../main/electron-main/policies/web-preferences';

describe('the window webPreferences', () => {
  const prefs = secureWebPreferences({ preloadPath: '/app/out/electron/preload.cjs', platform: 'linux' });

  it('isolate and sandbox the renderer with no Node.js anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keep web security on, refuse mixed content and <webview>', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false });
  });

  it('load our preload', () => {
    expect(prefs.preload).toBe('/app/out/electron/preload.cjs');
  });

  it('use the spell checker only where it needs no download (macOS)', () => {
    expect(prefs.spellcheck).toBe(false);
    expect(secureWebPreferences({ preloadPath: '/p.cjs', platform: 'win32' }).spellcheck).toBe(false);
    expect(secureWebPreferences({ preloadPath: '/p.cjs', platform: 'darwin' }).spellcheck).toBe(true);
  });

  it('enable no extra Blink features or insecure switches', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });
});
