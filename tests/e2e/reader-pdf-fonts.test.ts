/**
 * A PDF whose Japanese text is set in a font it does not embed, through a predefined CMap
 * (UniJIS-UCS2-H), as many CJK PDFs are: pdf.js in the reader can only decode and draw it with
 * the package's CMaps, which the app serves from its own origin. Nothing is fetched elsewhere.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppOnNewLibrary, type RunningApp } from './harness';

const JAPANESE = '日本語の文章です';

/** A one-page PDF, written byte by byte: a title, a line of Japanese in non-embedded MS-Mincho, a line of Helvetica. */
function cjkPdf(): Buffer {
  const ucs2 = [...JAPANESE].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('').toUpperCase();
  const content = `BT /F1 24 Tf 72 700 Td <${ucs2}> Tj ET\nBT /F2 14 Tf 72 660 Td (Plain Latin text in Helvetica, not embedded.) Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /MS-Mincho /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MS-Mincho /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /FontDescriptor /FontName /MS-Mincho /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>',
    '<< /Title (Nihongo sample) >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => { offsets.push(Buffer.byteLength(pdf)); pdf += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

describe('a CJK PDF without embedded fonts in the reader', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sb-e2e-pdf-cjk-', (library) => writeFile(path.join(library, 'nihongo.pdf'), cjkPdf()));
  }, 60_000);
  afterAll(async () => { await app?.stop(); });

  it('draws and lays out its Japanese text with CMaps served by the app, fetching nothing from elsewhere', async () => {
    const { page } = app;
    const origin = new URL(app.url).origin;
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const reader = page.getByRole('region', { name: 'Source' });
    await page.getByRole('button', { name: /Nihongo sample/ }).click({ timeout: 20_000 });
    const drawn = reader.locator('.pdf-page[data-page="1"][data-rendered]');
    await drawn.waitFor({ timeout: 20_000 });
    // The text layer is pdf.js's reading of the page in the renderer: the CMap turned the codes into these characters.
    expect((await drawn.locator('.textLayer').textContent())?.replace(/\s+/g, '')).toContain(JAPANESE);
    await app.screenshot('pdf-cjk-01-drawn');
    expect(requests.some((u) => u.startsWith(`${origin}/pdfjs/cmaps/`) && u.endsWith('.bcmap'))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  }, 60_000);
});
