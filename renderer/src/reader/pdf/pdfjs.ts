/**
 * pdf.js in the page: loaded once per window, its worker from our own origin (pdf.worker.js
 * beside app.js) with eval off, no wasm, and its CMaps and standard fonts from `pdfjs/` (copied
 * from the package by the build): nothing in a PDF runs, nothing is fetched elsewhere.
 */
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
