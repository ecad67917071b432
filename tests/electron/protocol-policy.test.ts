import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../main/electron-main/app-protocol';
import { resolveAppRequest } from '../../main/electron-main/policies/protocol-path';
import { RENDERER_CSP } from '../../main/common/security/csp';

const ROOT = path.resolve('/srv/sourcebook/out/renderer');

describe('the app:// path policy', () => {
  it.each([
    ['app://sourcebook/', 'index.html', 'text/html; charset=utf-8'],
    ['app://sourcebook/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://sourcebook/app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['app://sourcebook/app.css', 'app.css', 'text/css; charset=utf-8'],
    ['app://sourcebook/fonts/Inter%20Regular.woff2', 'fonts/Inter Regular.woff2', 'font/woff2'],
    ['app://sourcebook/icons/quote.SVG', 'icons/quote.SVG', 'image/svg+xml'],
    ['app://sourcebook/app.js.map', 'app.js.map', 'application/json; charset=utf-8'],
    ['app://sourcebook/LICENSE', 'LICENSE', 'application/octet-stream'],
    ['app://SourceBook/index.html', 'index.html', 'text/html; charset=utf-8'],
    // The query and fragment never choose the file.
    ['app://sourcebook/index.html?file=../../etc/passwd', 'index.html', 'text/html; charset=utf-8'],
    ['app://sourcebook/app.js#/../../secret', 'app.js', 'text/javascript; charset=utf-8'],
    // The URL parser itself folds dot segments; the result must still be inside the root.
    ['app://sourcebook/a/../app.js', 'app.js', 'text/javascript; charset=utf-8'],
    ['app://sourcebook/../../../etc/passwd', 'etc/passwd', 'application/octet-stream'],
    ['app://sourcebook/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd', 'application/octet-stream'],
  ])('serves %s from %s as %s', (url, relative, mimeType) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: true, filePath: path.join(ROOT, relative), mimeType });
  });

  it.each([
    ['an encoded slash hiding ..', 'app://sourcebook/..%2f..%2fetc%2fpasswd', 403],
    ['an encoded slash in a segment', 'app://sourcebook/x%2Fapp.js', 403],
    ['an encoded backslash hiding ..', 'app://sourcebook/..%5c..%5cwindows%5cwin.ini', 403],
    ['a raw backslash', 'app://sourcebook/..\\..\\secret', 403],
    ['a double-encoded dot segment', 'app://sourcebook/%252e%252e/secret', 403],
    ['an encoded NUL', 'app://sourcebook/index.html%00.png', 403],
    ['a control character', 'app://sourcebook/index%0a.html', 403],
    ['a drive letter', 'app://sourcebook/C:/Windows/win.ini', 403],
    ['an NTFS alternate data stream', 'app://sourcebook/index.html::$DATA', 403],
    ['malformed percent-encoding', 'app://sourcebook/%E0%A4%A', 400],
    ['a dot-file', 'app://sourcebook/.env', 404],
    ['a directory listing', 'app://sourcebook/fonts/', 404],
    ['an empty segment', 'app://sourcebook//etc/passwd', 404],
    ['another host on our scheme', 'app://evil/index.html', 403],
    ['a look-alike host', 'app://sourcebook.evil/index.html', 403],
    ['credentials', 'app://user:pw@sourcebook/index.html', 403],
    ['a port', 'app://sourcebook:99/index.html', 403],
    ['another scheme', 'file:///etc/passwd', 403],
    ['an http URL', 'http://sourcebook/index.html', 403],
    ['a path that is far too deep', `app://sourcebook/${'a/'.repeat(40)}x.js`, 400],
    ['not a URL', 'index.html', 400],
  ])('refuses %s (%s) with %i', (_label, url, status) => {
    const result = resolveAppRequest(url, ROOT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(status);
  });

  it.each([['POST'], ['PUT'], ['DELETE'], ['OPTIONS']])('refuses the %s method', (method) => {
    expect(resolveAppRequest('app://sourcebook/index.html', ROOT, method)).toMatchObject({ ok: false, status: 405 });
  });
});

describe('the app:// protocol handler', () => {
  let base: string;
  let root: string;
  let handle: ReturnType<typeof createAppProtocolHandler>;
  const indexHtml = '<!doctype html><title>Sourcebook</title><script src="app.js"></script>';

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'sourcebook-protocol-'));
    root = path.join(base, 'out', 'renderer');
    mkdirSync(path.join(root, 'fonts'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), indexHtml);
    writeFileSync(path.join(root, 'app.js'), 'console.log("hello")');
    writeFileSync(path.join(base, 'secret.txt'), 'the user notebook key');
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'leak.txt'));
    symlinkSync(path.join(root, 'app.js'), path.join(root, 'alias.js'));
    handle = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handle({ url, method });

  it('serves index.html with its type and the renderer CSP as a header', async () => {
    const response = await get('app://sourcebook/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(indexHtml);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://sourcebook/app.js', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String('console.log("hello")'.length));
    expect(await response.text()).toBe('');
  });

  it('follows a symlink that stays inside the renderer folder', async () => {
    const response = await get('app://sourcebook/alias.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log("hello")');
  });

  it('refuses a symlink that points outside the renderer folder', async () => {
    const response = await get('app://sourcebook/leak.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('notebook key');
  });

  it('never reaches a file next to the renderer folder, however the path is spelled', async () => {
    for (const url of [
      'app://sourcebook/../../secret.txt',
      'app://sourcebook/%2e%2e/%2e%2e/secret.txt',
      'app://sourcebook/..%2f..%2fsecret.txt',
      'app://sourcebook/..%5c..%5csecret.txt',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('notebook key');
    }
  });

  it('answers 404 for a missing file and for a folder, still with the CSP', async () => {
    const missing = await get('app://sourcebook/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect((await get('app://sourcebook/fonts')).status).toBe(404);
  });
});
