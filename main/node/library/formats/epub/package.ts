/**
 * An EPUB's package: container.xml → the OPF's manifest, spine and title, and the navigation
 * document's (or EPUB 2's NCX) table of contents. XML is read with parse5's HTML tokenizer,
 * which is lenient and never fetches anything; only element names and attributes are used.
 */
import { parse } from 'parse5';
import path from 'node:path';

type Node = { nodeName: string; attrs?: Array<{ name: string; value: string }>; childNodes?: Node[]; value?: string; content?: Node };

/** Every element of a document in order, without recursion (books can be deep). */
function* elements(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!n.nodeName.startsWith('#')) yield n;
    const kids = n.content?.childNodes ?? n.childNodes ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}
/** Without its namespace prefix: packages write `item`, `opf:item` or `dc:title`. */
const localName = (n: Node) => n.nodeName.replace(/^[^:]*:/, '');
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
function textOf(n: Node): string {
  let out = '';
  const stack: Node[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.nodeName === '#text') out += x.value ?? '';
    const kids = x.childNodes ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out.replace(/\s+/g, ' ').trim();
}

export const decodeXml = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

/** A path inside the book, from an href relative to the file that holds it; null if it leaves the book. */
export function resolveHref(from: string, href: string): string | null {
  const clean = decodeURIComponent(href.split('#')[0]!.split('?')[0]!);
  if (!clean || /^[a-z][a-z0-9+.-]*:/i.test(clean)) return null;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), clean));
  return joined.startsWith('../') || joined === '..' || joined.startsWith('/') ? null : joined;
}

export function rootfilePath(containerXml: string): string | null {
  for (const el of elements(parse(containerXml) as unknown as Node)) {
    if (localName(el) === 'rootfile') {
      const p = attr(el, 'full-path');
      if (p) return p;
    }
  }
  return null;
}

export interface PackageInfo {
  title: string | null;
  author?: string;
  year?: number;
  spine: Array<{ idref: string; href: string; mediaType: string; index: number }>;
  navHref: string | null;
  ncxHref: string | null;
}

export function readPackage(opfPath: string, opfXml: string): PackageInfo {
  const manifest = new Map<string, { href: string; mediaType: string; properties: string }>();
  const spineRefs: string[] = [];
  let title: string | null = null;
  let author: string | undefined;
  let year: number | undefined;
  let tocId: string | null = null;
  for (const el of elements(parse(opfXml) as unknown as Node)) {
    const name = localName(el);
    if (name === 'item') {
      const id = attr(el, 'id');
      const href = attr(el, 'href');
      const resolved = href ? resolveHref(opfPath, href) : null;
      if (id && resolved) manifest.set(id, { href: resolved, mediaType: attr(el, 'media-type') ?? '', properties: attr(el, 'properties') ?? '' });
    } else if (name === 'spine') {
      tocId = attr(el, 'toc') ?? null;
    } else if (name === 'itemref') {
      const idref = attr(el, 'idref');
      if (idref) spineRefs.push(idref);
    } else if (name === 'title' && title === null) {
      title = textOf(el) || null;
    } else if (name === 'creator' && author === undefined) {
      author = textOf(el) || undefined;
    } else if (name === 'date' && year === undefined) {
      year = Number(/\b(1[5-9]\d\d|20\d\d)\b/.exec(textOf(el))?.[1]) || undefined;
    }
  }
  const spine = spineRefs.flatMap((idref, index) => {
    const item = manifest.get(idref);
    return item ? [{ idref, href: item.href, mediaType: item.mediaType, index }] : [];
  });
  const nav = [...manifest.values()].find((m) => m.properties.split(/\s+/).includes('nav'));
  const ncx = (tocId && manifest.get(tocId)) || [...manifest.values()].find((m) => m.mediaType === 'application/x-dtbncx+xml');
  return { title, ...(author ? { author } : {}), ...(year ? { year } : {}), spine, navHref: nav?.href ?? null, ncxHref: ncx ? ncx.href : null };
}

export interface TocEntry { label: string; href: string; fragment: string | null; level: number }

/** The EPUB 3 navigation document's `toc` nav: nested lists of links, their depth as the level. */
export function readNav(navPath: string, navXhtml: string): TocEntry[] {
  const doc = parse(navXhtml) as unknown as Node;
  const navs = [...elements(doc)].filter((e) => e.nodeName === 'nav');
  const toc = navs.find((n) => (attr(n, 'epub:type') ?? '').split(/\s+/).includes('toc')) ?? navs[0];
  if (!toc) return [];
  const out: TocEntry[] = [];
  const stack: Array<{ node: Node; depth: number }> = [{ node: toc, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (node.nodeName === 'a') {
      const href = attr(node, 'href');
      const resolved = href ? resolveHref(navPath, href) : null;
      const label = textOf(node);
      if (resolved && label) out.push({ label, href: resolved, fragment: href!.includes('#') ? href!.split('#')[1]! : null, level: Math.max(1, Math.min(6, depth)) });
      continue;
    }
    const kids = node.childNodes ?? [];
    const d = node.nodeName === 'ol' || node.nodeName === 'ul' ? depth + 1 : depth;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, depth: d });
  }
  return out;
}

/** EPUB 2's NCX: navPoints (nested), each a label and a content src. Read with a tokenizer-level scan: its self-closing tags confuse an HTML tree. */
export function readNcx(ncxPath: string, ncx: string): TocEntry[] {
  const out: TocEntry[] = [];
  let depth = 0;
  let label: string | null = null;
  for (const m of ncx.matchAll(/<(\/?)(navPoint|text|content)\b([^>]*)>|([^<]+)/g)) {
    if (m[4] !== undefined) { if (label === '') label = m[4].replace(/\s+/g, ' ').trim(); continue; }
    const [, close, tag, attrs] = m;
    if (tag === 'navPoint') depth += close ? -1 : 1;
    else if (tag === 'text' && !close) label = '';
    else if (tag === 'content' && !close) {
      const src = /src\s*=\s*["']([^"']+)["']/.exec(attrs ?? '')?.[1];
      const resolved = src ? resolveHref(ncxPath, src) : null;
      if (resolved && label) out.push({ label, href: resolved, fragment: src!.includes('#') ? src!.split('#')[1]! : null, level: Math.max(1, Math.min(6, depth)) });
      label = null;
    }
  }
  return out;
}
