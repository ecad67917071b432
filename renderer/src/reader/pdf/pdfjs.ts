/**
 * pdf.js in the page: loaded once per window, its worker from our own origin (pdf.worker.js
 * beside app.js) with eval off, no wasm, and its CMaps and standard fonts from `pdfjs/` (copied
 * from the package by the build): nothing in a PDF runs, nothing is fetched elsewhere.
 */
import type { NotebookApi, SourceDoc } from '../../../../main/common/contract';

type PdfJs = typeof import('pdfjs-dist');
export type PdfLib = PdfJs;
export type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfWorker = InstanceType<PdfJs['PDFWorker']>;

let loading: Promise<{ lib: PdfJs; worker: PdfWorker }> | null = null;
/**
 * pdf.js and its worker, started once per window and shared by every PDF opened: evaluating
 * pdf.js and starting its worker are a good part of a cold open. Not before a PDF is wanted
 * (pdf.js needs a canvas-capable page, which tests in jsdom are not): `warmUpPdf` starts it when
 * a PDF is about to be opened (a search hit or source fetched ahead of the click).
 */
export function loadPdfJs(): Promise<{ lib: PdfJs; worker: PdfWorker }> {
  loading ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = 'pdf.worker.js';
    return { lib, worker: new lib.PDFWorker() };
  });
  loading.catch(() => { loading = null; });
  return loading;
}

export function warmUpPdf(): void {
  void loadPdfJs().catch(() => {});
}

/**
 * The library holds PDFs: pdf.js and its worker start once the page is idle after starting, so
 * the first PDF opened does not wait for them (compiling and starting the worker was a third of
 * a cold open). Only where the page can draw PDFs at all (a browser; not jsdom).
 */
export function warmUpPdfWhenIdle(): void {
  if (loading || typeof requestIdleCallback !== 'function' || typeof Worker !== 'function') return;
  requestIdleCallback(() => warmUpPdf(), { timeout: 3000 });
}

type Opened = { lib: PdfJs; pdf: PdfDoc };
let ahead: { id: string; opened: Promise<Opened & { contentHash: string }> } | null = null;

/**
 * A PDF is about to be opened (its hit or its entry was clicked): pdf.js, its worker, the file's
 * bytes and the document (and the page opened at) come while the reader fetches the source's
 * text, not after it. One document is held, until the view takes it or another PDF is opened.
 */
export function openingPdf(api: Pick<NotebookApi, 'getSourceFile'>, sourceId: string, page?: number): void {
  warmUpPdf();
  if (ahead?.id === sourceId) return;
  dropAhead();
  const opened = api.getSourceFile(sourceId).then(async (file) => {
    const o = await openPdf(file.bytes);
    if (page) o.pdf.getPage(Math.min(page, o.pdf.numPages)).catch(() => {});
    return { ...o, contentHash: file.contentHash };
  });
  opened.catch(() => {});
  ahead = { id: sourceId, opened };
}

function dropAhead(): void {
  const held = ahead;
  ahead = null;
  void held?.opened.then((o) => o.pdf.destroy(), () => {});
}

/** `doc`'s file opened by pdf.js: the one opened ahead if it is of this very version, else opened now. */
export async function openDoc(api: Pick<NotebookApi, 'getSourceFile'>, doc: Pick<SourceDoc, 'id' | 'contentHash'>): Promise<Opened> {
  const mine = ahead?.id === doc.id ? ahead.opened : null;
  if (mine) ahead = null;
  const early = await mine?.catch(() => null);
  if (early && early.contentHash === doc.contentHash) return early;
  void early?.pdf.destroy();
  const [file] = await Promise.all([api.getSourceFile(doc.id), loadPdfJs()]);
  return openPdf(file.bytes);
}

const assetUrl = (dir: string) => new URL(`pdfjs/${dir}`, document.baseURI).href;

/** A document from its bytes, with the options that keep it inert. */
export async function openPdf(bytes: Uint8Array): Promise<{ lib: PdfJs; pdf: PdfDoc }> {
  const { lib, worker } = await loadPdfJs();
  const pdf = await lib.getDocument({
    data: bytes, worker, isEvalSupported: false, enableXfa: false, useWasm: false, verbosity: 0,
    cMapUrl: assetUrl('cmaps/'), cMapPacked: true, standardFontDataUrl: assetUrl('standard_fonts/'),
  }).promise;
  return { lib, pdf };
}
