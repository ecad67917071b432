// pdf.js ships no types for its worker module: only its presence matters (as globalThis.pdfjsWorker).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
