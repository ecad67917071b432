/**
 * PDF through pdf.js's legacy build (the one meant for Node), in the index worker. Nothing in a
 * PDF runs: no eval, no scripting, no XFA, no network; CMaps and standard fonts come from the
 * package. Every file has a time bound; a password, a missing text layer or a broken file is a
 * reason, not a crash.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Block, Heading } from '../../../../common/contract';
import { pageAt } from '../../../../common/library/locate';
import { buildPassages } from '../../passages';
import type { ExtractOutcome, FormatModule } from '../types';
import { buildPdfText, type PageLines } from './canonical';
import { ensureDomMatrix } from './dom-matrix';
import { GAP, MOVE, hasRawCodes, numericGlyphNames, readNumberedFont } from './glyph-numbers';
import { readingOrder, type PageItem } from './layout';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/**
 * Time bounds per file. Indexing runs at low priority, so on a busy machine a paper may wait
 * minutes for the CPU while making progress. A file is given up when `stallMs` of CPU time went
 * into it without a page being read (a page pdf.js cannot get through), or after `totalMs` of
 * wall time whatever it does (a document that waits forever).
 */
export const PDF_LIMITS = {
  stallMs: Number(process.env.SOURCEBOOK_PDF_STALL_MS ?? 30_000),
  totalMs: Number(process.env.SOURCEBOOK_PDF_TIME_LIMIT_MS ?? 600_000),
};

/** CPU time of this process, in ms (a starved process spends none, so its bound does not run out). */
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const MAX_OUTLINE = 2000;

let pdfjs: Promise<PdfJs> | null = null;
/** Loaded on first use, with its worker code on this thread (pdf.js's "fake worker"): a Node worker is already off the main thread. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    ensureDomMatrix();
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

/** The package's cmaps/ and standard_fonts/: copied beside the bundle by the build, else from node_modules. */
function assetDir(name: 'cmaps' | 'standard_fonts'): string | undefined {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const bundled = path.join(here, 'pdfjs', name);
    if (existsSync(bundled)) return bundled + path.sep;
  } catch { /* not a file URL: look in node_modules */ }
  // Beside this module in development, or from the working directory for a bundle built elsewhere (tests).
  for (const from of [import.meta.url, path.join(process.cwd(), 'index.js')]) {
    try {
      return path.join(path.dirname(createRequire(from).resolve('pdfjs-dist/package.json')), name) + path.sep;
    } catch { /* try the next */ }
  }
  return undefined;
}

/** Runs `work(kick)`; rejects with a TimeoutError when `kick` was not called for stallMs, or after totalMs. */
function watchdog<T>(work: (kick: () => void) => Promise<T>, limits: typeof PDF_LIMITS, onTimeout: () => void): Promise<T> {
  let check: NodeJS.Timeout | undefined;
  let total: NodeJS.Timeout | undefined;
  return new Promise<T>((resolve, reject) => {
    const fire = (limitMs: number, what: string) => { onTimeout(); reject(new TimeoutError(limitMs, what)); };
    let since = cpuMs();
    const kick = () => { since = cpuMs(); };
    check = setInterval(() => { if (cpuMs() - since > limits.stallMs) fire(limits.stallMs, 'with no page read for'); }, Math.min(1000, limits.stallMs));
    total = setTimeout(() => fire(limits.totalMs, 'longer than'), limits.totalMs);
    work(kick).then(resolve, reject);
  }).finally(() => { clearInterval(check); clearTimeout(total); });
}
class TimeoutError extends Error {
  constructor(readonly limitMs: number, readonly what: string) { super('timeout'); }
}

const BAD_TITLE = /^(untitled|microsoft word|document\d*|title|\s*$)|\.(docx?|tex|dvi|pdf|indd|qxd)$/i;

const cleanMeta = (c: unknown) => (typeof c === 'string' ? c.normalize('NFKC').replace(/[\u0000-\u001f\ufffd-\uffff]/g, '').replace(/\s+/g, ' ').trim() : '');

/** Title, author and year from the document's Info dictionary and XMP (junk like "Microsoft Word - x.doc" refused). */
async function metadataOf(doc: PdfDocument): Promise<{ title: string | null; author?: string; year?: number }> {
  const meta = await doc.getMetadata().catch(() => null);
  const info = meta?.info as { Title?: unknown; Author?: unknown; CreationDate?: unknown } | undefined;
  const author = cleanMeta(meta?.metadata?.get('dc:creator')) || cleanMeta(info?.Author);
  const year = Number(/^(?:D:)?((?:19|20)\d\d)/.exec(cleanMeta(info?.CreationDate))?.[1]);
  return {
    title: titleOf(meta, info),
    ...(author && author.length <= 200 && !/^(unknown|admin|user)$/i.test(author) ? { author } : {}),
    ...(year ? { year } : {}),
  };
}

function titleOf(meta: { metadata?: { get(name: string): unknown } | null } | null, info: { Title?: unknown } | undefined): string | null {
  const candidates = [meta?.metadata?.get('dc:title'), typeof info?.Title === 'string' ? info.Title : null];
  for (const c of candidates) {
    const t = cleanMeta(c);
    if (t && t.length <= 300 && !BAD_TITLE.test(t)) return t;
  }
  return null;
}

async function pageItems(doc: PdfDocument, n: number, numbered: Set<string>): Promise<PageLines & { width: number }> {
  const page = await doc.getPage(n);
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const content = await page.getTextContent();
  const mappedItems = await numberedFonts(await loadPdfJs(), page, content.items, numbered);
  const items: PageItem[] = [];
  content.items.forEach((raw, index) => {
    if (!('str' in raw)) return;
    const [a, b, c, d, e, f] = raw.transform as number[];
    const size = Math.hypot(c!, d!) || Math.hypot(a!, b!);
    const mapped = mappedItems.get(index);
    const str = mapped?.str ?? raw.str;
    items.push({
      index,
      str: str.normalize('NFKC').replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/g, ''),
      x: e! - x0, y: f! - y0, width: mapped?.width ?? Math.abs(raw.width), size,
      upright: Math.abs(b!) < 1e-3 * size && Math.abs(c!) < 1e-3 * size && a! > 0,
    });
  });
  page.cleanup();
  fixTypeSizes(items, content.items.map((raw) => ('fontName' in raw ? raw.fontName : '')));
  return { lines: readingOrder(items, x1 - x0), height: y1 - y0, width: x1 - x0 };
}

type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
type TextItems = Awaited<ReturnType<PdfPage['getTextContent']>>['items'];

/**
 * The text of the page's items in fonts whose glyphs are named by number, by item index (see glyph-numbers.ts). Only a
 * page whose text holds raw codes pays for it: a font's encoding and the codes it drew reach this
 * side only with the page's operator list (cheap once its text was read: its fonts are parsed).
 */
async function numberedFonts(lib: PdfJs, page: PdfPage, items: TextItems, known: Set<string>): Promise<Map<number, { str: string; width: number }>> {
  const out = new Map<number, { str: string; width: number }>();
  const fonts = new Set<string>();
  for (const raw of items) if ('str' in raw) fonts.add(raw.fontName);
  // A font's text may hold no raw code on a page where it sets only letters above 32, so all the
  // page's fonts are looked at, and a font found numbered stays so for the document's other pages.
  if (!items.some((raw) => 'str' in raw && (known.has(raw.fontName) || hasRawCodes(raw.str)))) return out;
  const ops = await page.getOperatorList().catch(() => null);
  if (!ops) return out;
  const maps = new Map<string, Map<number, string>>();
  for (const name of fonts) {
    const font = page.commonObjs.has(name) ? page.commonObjs.get(name) as { differences?: ArrayLike<unknown> } | null : null;
    const map = numericGlyphNames(font?.differences);
    if (map) { maps.set(name, map); known.add(name); }
  }
  if (!maps.size) return out;
  // Each font's drawn glyphs in order, and the TJ moves between them (a number, in glyph space).
  const drawn = new Map<string, Array<number | { code: number; advance: number }>>();
  const { OPS } = lib;
  const moves = new Set<number>([OPS.moveText, OPS.setLeadingMoveText, OPS.setTextMatrix, OPS.nextLine, OPS.beginText]);
  let font = '';
  let moved = false;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    if (fn === OPS.setFont) font = String((ops.argsArray[i] as unknown[])[0]);
    else if (moves.has(fn!)) moved = true;
    else if (fn === OPS.showText && maps.has(font)) {
      const list = drawn.get(font) ?? [];
      drawn.set(font, list);
      if (moved && list.length) list.push(NaN);
      moved = false;
      for (const g of (ops.argsArray[i] as unknown[][])[0]!) {
        if (typeof g === 'number') list.push(-g / 1000);
        else if (g && typeof g === 'object' && 'originalCharCode' in g) {
          list.push({ code: Number((g as { originalCharCode: unknown }).originalCharCode), advance: Number((g as { width?: unknown }).width) || 0 });
        }
      }
    }
  }
  for (const [name, list] of drawn) {
    const w = list.flatMap((e) => (typeof e === 'number' ? [] : e.advance > 0 ? [e.advance] : [])).sort((a, b) => a - b);
    const glyph = w[Math.floor(w.length / 2)] ?? 0;
    const codes: number[] = [];
    const advances: number[] = [];
    for (const e of list) {
      if (typeof e === 'number') {
        // A move elsewhere: how far is the line's geometry to judge.
        if (Number.isNaN(e)) { codes.push(MOVE); advances.push(0); } else if (e > 0.25 * glyph) { codes.push(GAP); advances.push(e); }
      } else { codes.push(e.code); advances.push(e.advance); }
    }
    const own = items.flatMap((raw, index) => ('str' in raw && raw.fontName === name ? [{ index, str: raw.str, width: Math.abs(raw.width) }] : []));
    const read = readNumberedFont(own, codes, advances, maps.get(name)!);
    own.forEach((o, k) => out.set(o.index, read[k]!));
  }
  return out;
}

/**
 * Type sizes that cannot be right, made right from the glyphs' advance: in a font whose
 * characters advance a tenth of its size or less (Type 3 fonts, whose own matrix pdf.js's
 * transform leaves out, report 240 for 10-point text), the size is taken to be twice the mean
 * advance. Lines, spaces and headings are all judged relative to the size.
 */
function fixTypeSizes(items: PageItem[], fontOf: string[]): void {
  const byFont = new Map<string, PageItem[]>();
  for (const it of items) {
    const font = fontOf[it.index] ?? '';
    if (it.str.trim()) byFont.set(font, [...(byFont.get(font) ?? []), it]);
  }
  for (const group of byFont.values()) {
    const ratios = group.filter((i) => i.size > 0 && i.width > 0).map((i) => i.width / (i.str.length * i.size)).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)];
    if (ratio === undefined || (ratio > 0.12 && ratio < 2)) continue;
    for (const it of group) it.size *= ratio / 0.5;
  }
}

type OutlineNode = { title: string; dest: string | unknown[] | null; items: OutlineNode[] };

async function outlineOf(doc: PdfDocument, text: string, pageStarts: number[]): Promise<Heading[]> {
  const nodes = (await doc.getOutline().catch(() => null)) as OutlineNode[] | null;
  if (!nodes?.length) return [];
  const out: Heading[] = [];
  const visit = async (list: OutlineNode[], level: number) => {
    for (const node of list) {
      if (out.length >= MAX_OUTLINE) return;
      const title = node.title.normalize('NFKC').replace(/\s+/g, ' ').trim();
      let pageIndex = -1;
      try {
        const dest = typeof node.dest === 'string' ? await doc.getDestination(node.dest) : node.dest;
        const ref = dest?.[0];
        if (ref && typeof ref === 'object') pageIndex = await doc.getPageIndex(ref as Parameters<PdfDocument['getPageIndex']>[0]);
        else if (typeof ref === 'number') pageIndex = ref;
      } catch { /* a dangling destination: the entry is left out */ }
      if (title && pageIndex >= 0 && pageIndex < pageStarts.length) {
        const from = pageStarts[pageIndex]!;
        const to = pageStarts[pageIndex + 1] ?? text.length;
        const at = text.slice(from, to).toLowerCase().indexOf(title.toLowerCase());
        const start = at >= 0 ? from + at : from;
        out.push({ level: Math.min(level, 6), text: title, start, end: at >= 0 ? start + title.length : start });
      }
      if (node.items?.length) await visit(node.items, level + 1);
    }
  };
  await visit(nodes, 1);
  // The outline is in document order for the passages' "nearest heading above".
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The blocks passages are cut from: each heading opens the passage of the paragraph after it, so
 * a paper's title and its section headings are found by a phrase search like any other words
 * (passages of other formats leave headings to the hit's `heading` label; a PDF's headings are
 * guessed from type size, so they are kept as text too).
 */
function withHeadings(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let pending: number | null = null;
  for (const b of blocks) {
    if (b.kind === 'heading') { pending ??= b.start; continue; }
    out.push(pending === null ? b : { ...b, start: pending });
    pending = null;
  }
  if (pending !== null) out.push({ kind: 'paragraph', start: pending, end: blocks[blocks.length - 1]!.end });
  return out;
}

/**
 * One PDF at a time per thread. The index worker keeps two files in flight, and a file's time
 * bound is counted in this process's CPU time and in wall time: two PDFs read side by side made
 * each one's clock run on the other's work, and on a busy machine a paper that takes 3 s alone
 * was given up. Reading PDFs one after the other costs nothing (it is all CPU on one thread).
 */
let pdfTurn: Promise<unknown> = Promise.resolve();
function nextTurn(): Promise<() => void> {
  let done!: () => void;
  const mine = new Promise<void>((resolve) => { done = resolve; });
  const ready = pdfTurn.then(() => done);
  pdfTurn = pdfTurn.then(() => mine);
  return ready;
}

/** A PDF's canonical text and structure, or why it has none, within `limits` (counted from its turn). */
export async function extractPdf(bytes: Uint8Array, limits = PDF_LIMITS): Promise<ExtractOutcome> {
  const release = await nextTurn();
  try {
    return await extractAlone(bytes, limits);
  } finally {
    release();
  }
}

async function extractAlone(bytes: Uint8Array, limits: typeof PDF_LIMITS): Promise<ExtractOutcome> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js detaches the buffer it is given: hand it a copy so the caller's bytes stay usable.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    // A font's encoding (its glyph names) for the fonts pdf.js cannot map to text: glyph-numbers.ts.
    fontExtraProperties: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
    cMapPacked: true,
    ...(assetDir('cmaps') ? { cMapUrl: assetDir('cmaps') } : {}),
    ...(assetDir('standard_fonts') ? { standardFontDataUrl: assetDir('standard_fonts') } : {}),
  });
  try {
    return await watchdog(async (kick): Promise<ExtractOutcome> => {
      const doc = await task.promise;
      kick();
      const pages: PageLines[] = [];
      let blankPages = 0;
      const numbered = new Set<string>();
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await pageItems(doc, n, numbered).catch(() => ({ lines: [], height: 0, width: 0 }));
        if (!page.lines.length) blankPages++;
        pages.push(page);
        kick();
      }
      const built = buildPdfText(pages);
      const outline = await outlineOf(doc, built.text, built.pageStarts);
      const headings = outline.length ? outline : built.headings;
      const passages = buildPassages(built.text, withHeadings(built.blocks), headings).map((p) => ({ ...p, page: pageAt(built.pageStarts, p.start) }));
      const meta = await metadataOf(doc);
      const notice = !built.text.trim()
        ? { reason: 'no-text' as const, message: 'scanned pages without text: search and quoting need a text layer' }
        : blankPages > doc.numPages / 2
          ? { reason: 'no-text' as const, message: `${blankPages} of ${doc.numPages} pages have no text layer (scanned?): only the others can be searched and quoted` }
          : undefined;
      return {
        ok: true,
        extracted: {
          text: built.text, ...meta, outline: headings, blocks: built.blocks, passages,
          pages: doc.numPages, pageStarts: built.pageStarts, pageItems: built.pageItems,
          ...(notice ? { notice } : {}),
        },
      };
    }, limits, () => void task.destroy());
  } catch (error) {
    return refusal(error);
  } finally {
    // Tearing a stuck document down may itself never finish: it gets a moment, not the worker.
    await Promise.race([task.destroy().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}

function refusal(error: unknown): ExtractOutcome {
  if (error instanceof TimeoutError) {
    const { limitMs, what } = error;
    const time = limitMs >= 1000 ? `${Math.round(limitMs / 1000)} s` : `${limitMs} ms`;
    return { ok: false, reason: 'timeout', message: `not indexed: reading it went on ${what} ${time}${what.startsWith('with') ? ' of CPU time' : ''}` };
  }
  const name = (error as { name?: string })?.name;
  const message = (error as Error)?.message ?? String(error);
  if (name === 'PasswordException') return { ok: false, reason: 'encrypted', message: 'password-protected: not indexed' };
  if (name === 'InvalidPDFException') return { ok: false, reason: 'parse-error', message: 'not a readable PDF (damaged, truncated or not a PDF at all)' };
  return { ok: false, reason: 'parse-error', message: `a damaged PDF: ${message}` };
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

export const pdfFormat: FormatModule = {
  format: 'pdf',
  // The header may follow some junk; readers accept it within the first 1024 bytes.
  sniff(head) {
    outer: for (let i = 0; i + PDF_MAGIC.length <= head.length; i++) {
      for (let j = 0; j < PDF_MAGIC.length; j++) if (head[i + j] !== PDF_MAGIC[j]) continue outer;
      return true;
    }
    return false;
  },
  extract: (bytes) => extractPdf(bytes),
};
