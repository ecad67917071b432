/** Shared test data: paths into ../shared and a DOM → text bridge for the DOM-based upstream tables. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shared = path.resolve(root, '../shared');
export const anchoringData = path.join(shared, 'anchoring');
export const hasShared = fs.existsSync(anchoringData);
export const missingShared = `../shared/anchoring is not on this machine (expected at ${anchoringData})`;

export function readJson<T = unknown>(rel: string): T {
  return JSON.parse(fs.readFileSync(path.join(anchoringData, rel), 'utf8')) as T;
}

export interface XPathRange { startContainerXPath: string; startOffset: number; endContainerXPath: string; endOffset: number }

/**
 * An HTML snippet as the text a reader sees (the document's textContent), with a function that
 * turns an upstream DOM range (XPath + offset) into offsets into that text.
 */
export function domText(html: string): { text: string; offsets: (r: XPathRange) => { start: number; end: number } } {
  const dom = new JSDOM(html);
  const doc = dom.window.document;
  const nodes: Text[] = [];
  const walker = doc.createTreeWalker(doc.documentElement, dom.window.NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const text = nodes.map((n) => n.data).join('');
  const base = new Map<Node, number>();
  let at = 0;
  for (const n of nodes) { base.set(n, at); at += n.data.length; }
  const locate = (xpath: string, offset: number) => {
    const node = doc.evaluate(xpath, doc, null, dom.window.XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    if (!node || !base.has(node)) throw new Error(`no text node at ${xpath}`);
    return base.get(node)! + offset;
  };
  return { text, offsets: (r) => ({ start: locate(r.startContainerXPath, r.startOffset), end: locate(r.endContainerXPath, r.endOffset) }) };
}

/** A Gutenberg book of about `minChars` characters or more (the smallest that is at least that long). */
export function gutenbergBook(minChars: number): { name: string; text: string } | null {
  const dir = path.join(shared, 'corpora/gutenberg');
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt'))
    .map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size }))
    .filter((x) => x.size >= minChars).sort((a, b) => a.size - b.size);
  const pick = files[0];
  return pick ? { name: pick.f, text: fs.readFileSync(path.join(dir, pick.f), 'utf8') } : null;
}
