/**
 * Text for fonts whose glyph names are character codes. dvips embeds TeX's bitmap fonts as Type 3
 * fonts named by number (`/Differences [0 /68 2 /97 /116 …]`: "D", "a", "t") and renumbers their
 * codes, with no ToUnicode map. pdf.js knows no such names and gives the codes themselves
 * ("\x00\x02\x03\x02" for "Data"), so a whole paper came out as control characters. poppler reads
 * a numeric name as the character's code; so does this.
 *
 * pdf.js also reads codes 9–13 and 32 as white space, so those glyphs reach the text content only
 * as blank items. The page's operator list holds every glyph's code in drawing order: walking it
 * beside the font's text items gives each blank item the glyphs it stands for.
 */

/** TeX's OT1 text encoding puts its ligatures at 11–15 (dvips's bitmap fonts are OT1). */
const OT1_LIGATURES: Record<number, string> = { 11: 'ff', 12: 'fi', 13: 'fl', 14: 'ffi', 15: 'ffl' };

/**
 * Code → text for a font whose glyph names are all decimal numbers, from its `differences`
 * (pdf.js's array of glyph names by code); null for any other font: where a name is a real one,
 * pdf.js has already mapped its glyphs and a code in the text may be a character.
 */
export function numericGlyphNames(differences: ArrayLike<unknown> | undefined): Map<number, string> | null {
  if (!differences) return null;
  const map = new Map<number, string>();
  for (let code = 0; code < differences.length; code++) {
    const name = differences[code];
    if (name === undefined || name === null || name === '.notdef') continue;
    if (typeof name !== 'string' || !/^\d{1,3}$/.test(name)) return null;
    const n = Number(name);
    const text = n >= 33 && n <= 126 ? String.fromCharCode(n) : OT1_LIGATURES[n];
    if (text) map.set(code, text);
  }
  return map.size ? map : null;
}

/** How far ahead a glyph out of step is looked for among the drawn ones. */
const RESYNC = 400;

/** Codes pdf.js turns into white space in the text content. */
const blankCode = (code: number) => code === 32 || (code >= 9 && code <= 13);
/** In a font's drawn codes: a move on wider than a quarter of a glyph (a word gap). */
export const GAP = -1;
/** In a font's drawn codes: the text set at another place (a new line, or a word placed on its own). */
export const MOVE = -2;

/**
 * One font's text items (in the order pdf.js gives them) as text, read against the glyphs the font
 * drew (from the operator list: each code and its advance, with `GAP` where the text moved on by
 * more than a kern). A blank item becomes the glyphs it stands for, after a space where the text
 * moved on before them, and its width theirs (pdf.js gives such items a width of the wrong scale,
 * and the space after them is the geometry's to tell); a blank item that stands for no glyph and
 * no move is pdf.js's guess at a space (a kern), none. Blanked glyphs that no blank item stands
 * for (a word's last letters at a line end) go with the item before them.
 */
export function readNumberedFont(items: Array<{ str: string; width: number }>, codes: number[], advances: number[], map: Map<number, string>): Array<{ str: string; width: number }> {
  let at = 0;
  let advance = 0;
  const run = (stopAtGap: boolean) => {
    let text = '';
    while (at < codes.length) {
      const c = codes[at]!;
      if (c < 0 ? stopAtGap : !blankCode(c)) break;
      if (c !== MOVE) text += c === GAP ? ' ' : (map.get(c) ?? '');
      advance += advances[at++]!;
    }
    return text.replace(/ {2,}/g, ' ');
  };
  const blank = (s: string | undefined) => s !== undefined && !s.trim();
  const scales: number[] = [];
  const out = items.map(({ str, width }, i) => {
    advance = 0;
    if (blank(str)) return { str: run(false), width: NaN, advance };
    let text = '';
    for (const ch of str) {
      const code = ch.codePointAt(0)!;
      if (ch === ' ' || blankCode(code)) { text += run(false) || ' '; continue; }
      // A glyph pdf.js gave as its code; blanked ones just before it come first.
      let skipped = '';
      let k = at;
      while (k < codes.length && codes[k] !== code && (codes[k]! < 0 || blankCode(codes[k]!))) {
        if (codes[k]! >= 0) { skipped += map.get(codes[k]!) ?? ''; advance += advances[k]!; }
        k++;
      }
      if (codes[k] === code) { text += skipped; advance += advances[k]!; at = k + 1; } else {
        // Out of step (text pdf.js read twice or not at all): on at the next glyph of this code near by.
        const next = codes.indexOf(code, at);
        if (next >= 0 && next - at <= RESYNC) { advance += advances[next]!; at = next + 1; }
      }
      text += map.get(code) ?? '';
    }
    if (advance > 0) scales.push(width / advance);
    return { str: blank(items[i + 1]?.str) ? text : text + run(true), width, advance };
  });
  scales.sort((a, b) => a - b);
  const scale = scales[Math.floor(scales.length / 2)] ?? 0;
  return out.map((o) => ({ str: o.str, width: Number.isNaN(o.width) ? o.advance * scale : o.width }));
}

/** Whether pdf.js gave raw codes for this text (control characters): the sign of a font without a text mapping. */
export const hasRawCodes = (str: string) => /[\u0000-\u0008\u000e-\u001f]/.test(str);
