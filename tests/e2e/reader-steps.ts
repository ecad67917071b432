/**
 * What a person does in the reader and then checks on disk, shared by the end-to-end tests:
 * selecting a passage (as a drag would, through the DOM selection) and finding the note file the
 * app wrote a quote into.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { until } from '../support/until';

/** Selects `text` in the reader the way a drag would; `text` must be rendered in one text node. */
export async function selectInReader(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const region = document.querySelector('[role="region"][aria-label="Source"]')!;
    const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const at = n.data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + needle.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error(`not rendered in one text node: ${needle}`);
  }, text);
}

/** Selects `needle` in the reader's text even when markup splits it over several text nodes. */
export async function selectAcross(page: Page, needle: string): Promise<void> {
  await page.evaluate((needle) => {
    const content = document.querySelector('[role="region"][aria-label="Source"] .reader-content')!;
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const joined = nodes.map((n) => n.data).join('');
    const at = joined.indexOf(needle);
    if (at < 0) throw new Error(`not rendered: ${needle}`);
    const point = (pos: number, end: boolean): [Text, number] => {
      let acc = 0;
      for (const n of nodes) {
        if (pos < acc + n.length || (end && pos === acc + n.length)) return [n, pos - acc];
        acc += n.length;
      }
      throw new Error('past the end');
    };
    const [sn, so] = point(at, false);
    const [en, eo] = point(at + needle.length, true);
    window.getSelection()!.setBaseAndExtent(sn, so, en, eo);
  }, needle);
}

/** The Markdown of every note file under `notebookDir`. */
async function notesOnDisk(notebookDir: string): Promise<string[]> {
  const files = (await readdir(notebookDir, { recursive: true })).filter((f) => String(f).endsWith('.md'));
  return Promise.all(files.map((f) => readFile(path.join(notebookDir, String(f)), 'utf8')));
}

/** The first note file that holds `needle`, waiting up to 10 s for the app to write it. */
export function noteContaining(notebookDir: string, needle: string): Promise<string> {
  return until(async () => (await notesOnDisk(notebookDir)).find((m) => m.includes(needle)), `a note file holding ${needle}`, 10_000);
}

/** Whether `target` lies wholly inside the visible box of `scroller`. */
export async function inViewOf(scroller: Locator, target: Locator): Promise<boolean> {
  const outer = await scroller.boundingBox();
  const inner = await target.boundingBox();
  return !!outer && !!inner && inner.y >= outer.y && inner.y + inner.height <= outer.y + outer.height;
}
