import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/server';
import { openSampleBackend, type BackendFixture } from '../contract/fixture';

describe('the loopback server', () => {
  let fixture: BackendFixture;
  let server: LoopbackServer;
  let base: string;
  beforeAll(async () => {
    fixture = await openSampleBackend();
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-server-'));
    const rendererDir = path.join(base, 'renderer');
    await mkdir(rendererDir);
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sourcebook</title>');
    await writeFile(path.join(base, 'private.js'), 'the user\'s private file');
    await symlink(path.join(base, 'private.js'), path.join(rendererDir, 'escape.js'));
    server = await startLoopbackServer(fixture.backend, { rendererDir, maxBodyBytes: 1024 * 1024 });
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.cleanup();
    await rm(base, { recursive: true, force: true });
  });

  const call = (method: string, body: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-sourcebook-token': server.token, ...headers },
  });

  it('answers a body over the limit with a 413 and a message, after reading it, instead of resetting the connection', async () => {
    const response = await call('search', JSON.stringify(['x'.repeat(2 * 1024 * 1024)]));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'bad-request', message: 'the request is larger than 1 MB' } });
  });

  it('answers a query syntax error with a 400 and the parser\'s message', async () => {
    const response = await call('search', JSON.stringify(['whales )']));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/closes nothing/);
  });

  it('answers 120,000 nested parentheses and a huge phrase with a 400, not a stack overflow', async () => {
    // The API caps queries at 2,000 characters; the parser's own limits protect the CLI.
    const nested = await call('search', JSON.stringify(['('.repeat(1500)]));
    expect(nested.status).toBe(400);
    expect((await nested.json()).error.message).toMatch(/too deeply/);
  });

  it('answers a note name too long for the file system with a 4xx that names no absolute path', async () => {
    const response = await call('saveNote', JSON.stringify([{ path: `${'n'.repeat(300)}.md`, markdown: '# Long\n', baseVersion: null }]));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const text = await response.text();
    expect(text).not.toContain(fixture.notebookDir);
    expect(text).not.toMatch(/"message":"[^"]*\/tmp\//);
  });

  it('takes the token only from its header: a cookie neither lets a caller in nor locks the page out', async () => {
    const withCookieOnly = await call('getLibrary', '[]', { 'x-sourcebook-token': '', cookie: `sourcebook_token=${server.token}` });
    expect(withCookieOnly.status).toBe(403);
    expect((await withCookieOnly.json()).error).toEqual({ code: 'forbidden', message: expect.stringMatching(/key/) });
    const shadowed = await call('getLibrary', '[]', { cookie: 'sourcebook_token=planted; sourcebook_token=another' });
    expect(shadowed.status).toBe(200);
    const page = await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
  });

  it('serves a deep link as the app page', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/open?link=${encodeURIComponent('sourcebook://annotation/a1')}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Sourcebook</title>');
  });

  it('refuses a renderer file that is a symlink out of the renderer folder', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/escape.js`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('private');
  });
});
