/** Shared test data: paths into ../shared and a DOM → text bridge for the DOM-based upstream tables. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shared = path.resolve(root, '../shared');
export const anchoringData = path.join(shared, 'anchoring');
export const hasShared = fs.existsSync(anchoringData);
export const missingShared = `../shared/anchoring is not on this machine (expected at ${anchoringData})`;

export function readJson<T = unknown>(rel: string): T {
  return JSON.parse(fs.readFileSync(path.join(anchoringData, rel), 'utf8')) as T;
}

export interface XPathRange { startContainerXPath: string; startOffset: number; endContainerXPath: string; endOffset: number }

interface Node5 { nodeName: string; tagName?: string; value?: string; childNodes?: Node5[] }

/**
 * An HTML snippet as the text a reader sees (the document's textContent, parsed by parse5 as a
 * browser would), with a function that turns an upstream DOM range into offsets into that text.
 * The upstream tables only use XPaths of the form //tag/text() and //tag/text()[n].
 */
export function domText(html: string): { text: string; offsets: (r: XPathRange) => { start: number; end: number } } {
  const doc = parse(html) as unknown as Node5;
  const texts: Node5[] = [];
  const elements: Node5[] = [];
  const walk = (n: Node5) => {
    if (n.nodeName === '#text') texts.push(n);
    if (n.tagName) elements.push(n);
    for (const c of n.childNodes ?? []) walk(c);
  };
  walk(doc);
  const base = new Map<Node5, number>();
  let at = 0;
  for (const n of texts) { base.set(n, at); at += n.value!.length; }
  const locate = (xpath: string, offset: number) => {
    const m = /^\/\/(\w+)\/text\(\)(?:\[(\d+)\])?$/.exec(xpath);
    if (!m) throw new Error(`unsupported XPath ${xpath}`);
    const element = elements.find((e) => e.tagName === m[1]);
    const node = element?.childNodes?.filter((c) => c.nodeName === '#text')[Number(m[2] ?? 1) - 1];
    if (!node) throw new Error(`no text node at ${xpath}`);
    return base.get(node)! + offset;
  };
  return { text: texts.map((n) => n.value).join(''), offsets: (r) => ({ start: locate(r.startContainerXPath, r.startOffset), end: locate(r.endContainerXPath, r.endOffset) }) };
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
