import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen } from '../../main/electron-main/policies/navigation';
import { isPermissionGranted } from '../../main/electron-main/policies/permissions';

describe('the navigation policy', () => {
  it.each([['app://sourcebook/index.html'], ['app://sourcebook/index.html#note=a.md'], ['app://SOURCEBOOK/index.html']])(
    'keeps in-app navigation to %s',
    (url) => {
      expect(decideNavigation(url)).toEqual({ action: 'allow' });
    },
  );

  it('sends a web link to the OS browser instead of navigating the window', () => {
    expect(decideNavigation('https://en.wikipedia.org/wiki/Marginalia')).toEqual({
      action: 'open-external',
      url: 'https://en.wikipedia.org/wiki/Marginalia',
    });
  });

  it.each([
    ['file:///etc/passwd'],
    ['file:///work/main/out/renderer/index.html'],
    ['javascript:alert(1)'],
    ['data:text/html,<h1>phish</h1>'],
    ['app://other/index.html'],
    ['app://sourcebook.evil.example/'],
    ['devtools://devtools/bundled/inspector.html'],
    ['chrome://gpu'],
    ['https://user:pw@example.org/'],
    ['not a url'],
    [''],
  ])('blocks navigation to %j without opening anything', (url) => {
    expect(decideNavigation(url)).toEqual({ action: 'deny' });
  });
});

describe('the new-window policy', () => {
  it('never opens a window, not even one of our own pages', () => {
    expect(decideWindowOpen('app://sourcebook/index.html')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('about:blank')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny' });
  });

  it('hands a vetted web or mail link to the OS', () => {
    expect(decideWindowOpen('https://www.gutenberg.org/')).toEqual({ action: 'open-external', url: 'https://www.gutenberg.org/' });
    expect(decideWindowOpen('mailto:a@example.org')).toEqual({ action: 'open-external', url: 'mailto:a@example.org' });
  });
});

describe('the permission policy', () => {
  it.each([
    ['media', 'app://sourcebook'],
    ['geolocation', 'app://sourcebook'],
    ['notifications', 'app://sourcebook'],
    ['clipboard-read', 'app://sourcebook'],
    ['fullscreen', 'app://sourcebook'],
    ['openExternal', 'app://sourcebook'],
    ['hid', 'https://evil.example'],
    ['unknown', ''],
  ])('denies %s to %j', (permission, origin) => {
    expect(isPermissionGranted(permission, origin)).toBe(false);
  });
});
