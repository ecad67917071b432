/**
 * End-to-end harness: starts `sourcebook serve` (the built out/cli.mjs) on a library and a fresh
 * temporary notebook, launches Debian's Chromium through playwright-core, and opens the app.
 * Screenshots land in test-output/e2e/ for a person to look at.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { TOKEN_HEADER } from '../../main/common/transport/http-protocol';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'test-output/e2e');

export interface RunningApp {
  page: Page;
  browser: Browser;
  url: string;
  notebookDir: string;
  libraryDir: string;
  screenshot(name: string): Promise<string>;
  /** Reloads the page (the server and notebook stay). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  library?: string;
  notebook?: string;
  /** Extra CLI flags for `serve`. */
  args?: string[];
}

/** Starts `node out/cli.mjs serve …` and resolves with the URL it prints. */
export async function startServer(options: StartOptions = {}): Promise<{ url: string; child: ChildProcess; notebookDir: string; libraryDir: string; cacheDir: string }> {
  const cli = path.join(repoRoot, 'out/cli.mjs');
  if (!existsSync(cli)) throw new Error('out/cli.mjs is missing: run `npm run build` (npm test does) before the end-to-end tests');
  const libraryDir = options.library ?? path.join(repoRoot, 'seeds');
  const notebookDir = options.notebook ?? (await mkdtemp(path.join(os.tmpdir(), 'sourcebook-e2e-notebook-')));
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-e2e-cache-'));
  const child = spawn(process.execPath, [cli, 'serve', '--library', libraryDir, '--notebook', notebookDir, '--cache', cacheDir, '--port', '0', ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sourcebook serve printed no URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sourcebook serve exited (${code}):\n${output}`)); });
  });
  return { url, child, notebookDir, libraryDir, cacheDir };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const server = await startServer(options);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await mkdir(screenshotDir, { recursive: true });
  const origin = new URL(server.url).origin;
  return {
    page,
    browser,
    url: server.url,
    notebookDir: server.notebookDir,
    libraryDir: server.libraryDir,
    async screenshot(name) {
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async reload() {
      // The tab keeps the token the first load took from the address (sessionStorage, this origin only).
      await page.goto(origin + '/');
    },
    async stop() {
      await browser.close().catch(() => {});
      server.child.kill('SIGTERM');
      await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.once('exit', r)));
      if (!options.notebook) await rm(server.notebookDir, { recursive: true, force: true });
      await rm(server.cacheDir, { recursive: true, force: true });
      if (errors.length) throw new Error(`the page threw:\n${errors.join('\n')}`);
    },
  };
}

/**
 * Starts the app on a fresh temporary library that `fill` writes into; stopping the app removes
 * that library again.
 */
export async function startAppOnNewLibrary(prefix: string, fill: (library: string) => Promise<void>): Promise<RunningApp> {
  const library = await mkdtemp(path.join(os.tmpdir(), prefix));
  let app: RunningApp;
  try {
    await fill(library);
    app = await startApp({ library });
  } catch (e) {
    await rm(library, { recursive: true, force: true });
    throw e;
  }
  return {
    ...app,
    async stop() {
      await app.stop();
      await rm(library, { recursive: true, force: true });
    },
  };
}

/** A library and a notebook in temporary folders, which outlive restarts of the app. */
export interface ScratchFolders {
  library: string;
  notebook: string;
  remove(): Promise<void>;
}

/** A copy of the seeds as the library and an empty notebook, for tests that edit files on disk. */
export async function scratchFolders(): Promise<ScratchFolders> {
  const library = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-e2e-library-'));
  const notebook = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-e2e-notes-'));
  await cp(path.join(repoRoot, 'seeds'), library, { recursive: true });
  return {
    library,
    notebook,
    async remove() {
      await rm(library, { recursive: true, force: true });
      await rm(notebook, { recursive: true, force: true });
    },
  };
}

/** A call to the running app's API: method name and arguments in, its result out. */
export type ApiCall = <T>(method: string, ...args: unknown[]) => Promise<T>;

/** Calls the API of the app at `appUrl` over HTTP with its launch token, as the page does; an error carries the server's message. */
export function apiCaller(appUrl: string): ApiCall {
  const url = new URL(appUrl);
  const token = url.searchParams.get('token')!;
  return async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const response = await fetch(`${url.origin}/api/${method}`, {
      method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token }, body: JSON.stringify(args),
    });
    const body = await response.json() as { result?: T; error?: { message: string } };
    if (!response.ok) throw new Error(`${method}: ${body.error?.message ?? response.status}`);
    return body.result as T;
  };
}

/**
 * Whether an element is (at least partly) inside the viewport: "the reader shows it in view".
 * Playwright finds the element and measures it in two steps, and the page may run in between: the
 * reader re-renders a block when the source's highlights arrive, and a mark replaced meanwhile
 * measures as an empty box off screen (deep-links failed so, with the new mark in view). Such a
 * measure is taken again on the element the locator finds now.
 */
export async function isInView(locator: import('playwright-core').Locator): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const seen = await locator.evaluate((el) => {
      if (!el.isConnected) return null;
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth && r.width > 0;
    });
    if (seen !== null) return seen;
  }
  throw new Error('the element was replaced every time it was measured');
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

/**
 * A `sourcebook serve` on the sample library and a Chromium, started before the suite's tests and
 * stopped (folders removed) after them; the suite reads them through the returned getters.
 */
export function serverAndBrowserPerSuite(): { server: () => RunningServer; browser: () => Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    server?.child.kill('SIGTERM');
    if (server) {
      await rm(server.notebookDir, { recursive: true, force: true });
      await rm(server.cacheDir, { recursive: true, force: true });
    }
  });
  return { server: () => server!, browser: () => browser! };
}
