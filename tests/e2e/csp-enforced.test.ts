/**
 * The renderer's CSP, enforced by Chromium: once as the header the servers send (csp.ts) and once
 * as the meta tag of renderer/index.html, each *alone*, so weakening either one turns this red
 * (with both present the stricter would hide the weaker). Every probe is something hostile
 * content or a subverted page would try: inline script, eval, a request or image to another
 * loopback port, an inline style, a frame, a <base>.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../main/common/security/csp';
import { launchChromium, repoRoot } from './harness';

const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('the renderer CSP in Chromium', () => {
  let browser: Browser;
  let site: http.Server;
  let outside: http.Server;
  let sitePort = 0;
  let outsidePort = 0;
  const outsideHits: string[] = [];
  let metaPolicy = '';

  beforeAll(async () => {
    const html = await readFile(path.join(repoRoot, 'renderer/index.html'), 'utf8');
    metaPolicy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    outside = http.createServer((req, res) => { outsideHits.push(req.url ?? ''); res.writeHead(200, { 'access-control-allow-origin': '*' }).end('x'); });
    outsidePort = await listen(outside);
    const page = (meta: string) => `<!doctype html><html><head>${meta}
      <base href="http://127.0.0.1:${outsidePort}/base/">
      <style>body { color: rgb(255, 0, 0); }</style>
      <script>window.__inline = true;</script>
      <script src="http://127.0.0.1:${sitePort}/probe.js"></script></head>
      <body><img id="img" src="http://127.0.0.1:${outsidePort}/img.png"><iframe src="http://127.0.0.1:${sitePort}/frame"></iframe></body></html>`;
    const probe = `
      const out = { violations: [] };
      document.addEventListener('securitypolicyviolation', (e) => out.violations.push(e.violatedDirective));
      out.inline = window.__inline === true;
      try { out.eval = eval('1 + 1') === 2; } catch { out.eval = false; }
      try { out.fn = new Function('return 1')() === 1; } catch { out.fn = false; }
      out.fetch = await fetch('http://127.0.0.1:${outsidePort}/fetch').then(() => true, () => false);
      out.fetchData = await fetch('data:text/plain,x').then(() => true, () => false);
      // The page's load event waits for the frame and the image, allowed or blocked: an event, not a pause.
      if (document.readyState !== 'complete') await new Promise((r) => window.addEventListener('load', r, { once: true }));
      out.inlineStyle = getComputedStyle(document.body).color === 'rgb(255, 0, 0)';
      out.base = document.baseURI.includes('${outsidePort}');
      out.frame = (() => { try { return !!document.querySelector('iframe').contentDocument?.body?.textContent.includes('framed'); } catch { return false; } })();
      document.title = JSON.stringify(out);
    `.replace(/\n\s*/g, '\n');
    site = http.createServer((req, res) => {
      const u = req.url ?? '/';
      if (u === '/probe.js') { res.writeHead(200, { 'content-type': 'text/javascript' }).end(`(async () => {${probe}})();`); return; }
      if (u === '/frame') { res.writeHead(200, { 'content-type': 'text/html' }).end('<p>framed</p>'); return; }
      if (u === '/header') { res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': RENDERER_CSP }).end(page('')); return; }
      if (u === '/meta') { res.writeHead(200, { 'content-type': 'text/html' }).end(page(`<meta http-equiv="Content-Security-Policy" content="${metaPolicy}">`)); return; }
      if (u === '/none') { res.writeHead(200, { 'content-type': 'text/html' }).end(page('')); return; }
      res.writeHead(404).end();
    });
    sitePort = await listen(site);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    site?.close();
    outside?.close();
  });

  async function probe(which: 'header' | 'meta' | 'none') {
    outsideHits.length = 0;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://127.0.0.1:${sitePort}/${which}`);
    await page.waitForFunction(() => document.title.startsWith('{'), undefined, { timeout: 15_000 });
    const result = JSON.parse(await page.title()) as Record<string, unknown>;
    await page.context().close();
    return { ...result, outsideHits: [...outsideHits] };
  }

  const blocked = { inline: false, eval: false, fn: false, fetch: false, fetchData: false, inlineStyle: false, base: false, frame: false, outsideHits: [] };

  it('lets every probe through on a page without a policy (so the probes can tell)', async () => {
    expect(await probe('none')).toMatchObject({ inline: true, eval: true, fn: true, fetch: true, inlineStyle: true, base: true, frame: true, outsideHits: expect.arrayContaining(['/img.png', '/fetch']) });
  });

  it('blocks inline script, eval, other ports, inline style, frames and <base> with the header alone', async () => {
    expect(await probe('header')).toMatchObject(blocked);
  });

  it('blocks them with the meta tag of renderer/index.html alone', async () => {
    expect(metaPolicy).not.toBe('');
    expect(await probe('meta')).toMatchObject(blocked);
  });
});
