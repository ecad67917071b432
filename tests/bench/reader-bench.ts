/**
 * Reader benchmark (not a test): in Chromium against `sourcebook serve`, how long the reader takes
 * to open a ~1 MB Gutenberg book at a passage near its end — from the call to the passage being
 * on screen (rendered, scrolled into the view, one frame painted). Target: under 100 ms.
 *
 * Baselines in the same run: the bare `getSource` round trip of the same book (transfer and JSON
 * parsing, which no renderer can avoid), and opening the short sample article.
 *
 *   npm run build && npx tsx tests/bench/reader-bench.ts
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, repoRoot, startServer } from '../e2e/harness';
import { TOKEN_HEADER } from '../../main/common/transport/http-protocol';

const BOOK = '/work/shared/corpora/gutenberg/Bronte-Charlotte__Jane-Eyre-An-Autobiography.txt';
const COPIES = 4; // distinct ids, so every cold open really fetches the book

async function main() {
  const book = process.env.READER_BENCH_BOOK ?? BOOK;
  if (!existsSync(book)) {
    console.log(`reader-bench: skipped, ${book} is absent (../shared corpora not mounted)`);
    return;
  }
  const library = await mkdtemp(path.join(os.tmpdir(), 'sourcebook-reader-bench-'));
  for (let i = 0; i < COPIES; i++) await copyFile(book, path.join(library, `book-${i}.txt`));
  await copyFile(path.join(repoRoot, 'seeds/003_c38cac0ff9cc0db6.txt'), path.join(library, 'article.txt'));
  const server = await startServer({ library });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    // tsx compiles this file with keepNames; the page needs its helper for the evaluated function.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(server.url);
    await page.waitForFunction(() => !!(window as unknown as { sourcebookApp?: unknown }).sourcebookApp);

    const token = new URL(server.url).searchParams.get('token') ?? '';
    const figures = await page.evaluate(async ({ copies, token, header }) => {
      const call = async (method: string, args: unknown[]) => {
        const r = await fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [header]: token }, body: JSON.stringify(args) });
        return ((await r.json()) as { result: any }).result;
      };
      let lib = await call('getLibrary', []);
      for (let i = 0; i < 600 && lib.sources.length < copies + 1; i++) {
        await new Promise((r) => setTimeout(r, 100));
        lib = await call('getLibrary', []);
      }
      const books = lib.sources.filter((s: { path: string }) => s.path.startsWith('book-'));
      const article = lib.sources.find((s: { path: string }) => s.path === 'article.txt');
      const reader = (window as any).sourcebookApp.reader;
      const scroller = document.querySelector('.reader-scroll') as HTMLElement;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const visible = () => {
        const mark = document.querySelector('mark.target');
        if (!mark) return false;
        const a = mark.getBoundingClientRect();
        const b = scroller.getBoundingClientRect();
        return a.top >= b.top && a.bottom <= b.bottom && a.height > 0;
      };
      // From the call to the passage on screen and painted; the highlights that arrive after it
      // (listAnnotations) are not waited for, but the next run starts only once they are in.
      const openAt = async (id: string, start: number, end: number) => {
        const t0 = performance.now();
        const done = reader.open(id, { at: start, target: { start, end } });
        while (reader.currentSource?.id !== id || !visible()) await frame();
        await frame(); // painted
        const took = performance.now() - t0;
        await done;
        return took;
      };

      const tFirst = performance.now();
      const first = await call('getSource', [books[0].id]);
      const firstFetch = performance.now() - tFirst;
      const bytes = first.text.length;
      const passage = first.passages[Math.floor(first.passages.length * 0.97)];
      const result = { bytes, blocks: first.blocks.length, passages: first.passages.length, cold: [] as number[], prefetched: [] as number[], fetch: [] as number[], article: [] as number[], renderedBlocks: 0, firstFetch };

      // Cold: the first request for this copy of the book, in the server and in the page.
      for (const b of books.slice(1)) {
        result.article.push(await openAt(article.id, 0, 20));
        result.cold.push(await openAt(b.id, passage.start, passage.end));
      }
      result.renderedBlocks = document.querySelectorAll('.reader-content .blk').length;
      // Baseline: the bare transfer of the book, which no renderer can avoid on a cold open.
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        await call('getSource', [books[i % books.length].id]);
        result.fetch.push(performance.now() - t0);
      }
      // Prefetched: the results list fetched the source while the user read the hits; the click
      // then only builds the view (another source was open, so everything is rebuilt).
      for (let i = 0; i < 5; i++) {
        const p = first.passages[Math.floor(first.passages.length * (0.9 + i * 0.02))];
        const b = books[i % books.length];
        result.article.push(await openAt(article.id, 0, 20));
        reader.prefetch(b.id);
        await new Promise((r) => setTimeout(r, 300));
        result.prefetched.push(await openAt(b.id, p.start, p.end));
      }
      return result;
    }, { copies: COPIES, token, header: TOKEN_HEADER });

    const fmt = (xs: number[]) => `median ${median(xs).toFixed(1)} ms  (runs: ${xs.map((x) => x.toFixed(1)).join(', ')})`;
    console.log(`reader-bench: ${path.basename(book)}, ${(figures.bytes / 1e6).toFixed(2)} M characters, ${figures.blocks} blocks, ${figures.passages} passages`);
    console.log(`  open at a passage 97% in, cold (fetch + render + scroll + paint): ${fmt(figures.cold)}`);
    console.log(`  open at a passage 90–98% in, prefetched by the results list:   ${fmt(figures.prefetched)}`);
    console.log(`  baseline: bare getSource round trip of the book (1.5 MB JSON): ${fmt(figures.fetch)}`);
    console.log(`  baseline: the server's first getSource of a copy (not cached): ${figures.firstFetch.toFixed(1)} ms`);
    console.log(`  baseline: open the short sample article:                        ${fmt(figures.article)}`);
    console.log(`  blocks in the DOM after opening the book: ${figures.renderedBlocks} of ${figures.blocks}`);
    const verdict = (xs: number[]) => (median(xs) < 100 ? 'met' : 'NOT met');
    console.log(`  target < 100 ms: cold ${verdict(figures.cold)}, prefetched ${verdict(figures.prefetched)}; cold minus the bare transfer: ${(median(figures.cold) - median(figures.fetch)).toFixed(1)} ms`);
  } finally {
    await browser.close().catch(() => {});
    server.child.kill('SIGTERM');
    await rm(library, { recursive: true, force: true });
    await rm(server.cacheDir, { recursive: true, force: true });
    await rm(server.notebookDir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

await main();
