import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readFile } from 'node:fs/promises';
const data = new Uint8Array(await readFile(process.argv[2]));
const doc = await getDocument({ data, isEvalSupported: false, verbosity: 1, disableFontFace: true, useSystemFonts: false, cMapUrl: 'node_modules/pdfjs-dist/cmaps/', standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/' }).promise;
console.log('pages', doc.numPages);
for (let n = 1; n <= doc.numPages; n++) { const t = Date.now(); const p = await doc.getPage(n); const tc = await p.getTextContent(); console.log(n, tc.items.length, Date.now() - t); }
console.log('meta', (await doc.getMetadata()).info.Title);
console.log('outline', (await doc.getOutline())?.length);
