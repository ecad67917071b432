import { describe as suite, expect, it } from 'vitest';
import { anchor, bestCandidates, type TextQuoteSelector } from '../../main/common/anchoring';
import { domText, hasShared, missingShared, readJson, type XPathRange } from './fixtures';

interface Case { html: string; selector: TextQuoteSelector; expected: XPathRange[] }
const table: Record<string, Case> = hasShared
  ? readJson<{ testCases: Record<string, Case> }>('unit-cases/apache-annotator/text-quote-match-cases.json').testCases : {};

/**
 * Deviations, on purpose:
 * - Apache treats prefix/suffix as hard filters. Sourcebook treats them as evidence, because the
 *   text around a quote is exactly what edits change: a quote whose context no longer matches is
 *   still found, with lower confidence than with its true context.
 * - Empty quotes: Sourcebook annotations span at least one character (CreateAnnotationRequest),
 *   and an empty quote cannot be re-found by its text, so anchor returns null.
 */
const contextAsFilter = new Set(['with prefix, no matches', 'with suffix, no matches', 'with suffix, no matches due to whitespace']);

suite.skipIf(!hasShared)(`Apache Annotator's text-quote match table (${hasShared ? 'text-level' : missingShared})`, () => {
  for (const [name, c] of Object.entries(table)) {
    const { text, offsets } = domText(c.html);
    const expected = c.expected.map(offsets);
    const sel = { ...c.selector, type: 'TextQuoteSelector' as const };

    if (sel.exact === '') {
      it(`"${name}": an empty quote is not anchored (Sourcebook quotes span at least one character)`, () => {
        expect(anchor(text, [sel])).toBeNull();
      });
    } else if (contextAsFilter.has(name)) {
      it(`"${name}": the quote is still found, but with less confidence than with its true context`, () => {
        const got = anchor(text, [sel]);
        expect(got).not.toBeNull();
        const at = text.slice(got!.start, got!.end);
        expect(at).toBe(sel.exact);
        const trueContext = { ...sel, prefix: text.slice(Math.max(0, got!.start - 6), got!.start), suffix: text.slice(got!.end, got!.end + 6) };
        expect(got!.confidence).toBeLessThan(anchor(text, [trueContext])!.confidence);
      });
    } else if (expected.length === 0) {
      it(`"${name}": finds nothing`, () => { expect(anchor(text, [sel])).toBeNull(); });
    } else {
      it(`"${name}": anchors to the first expected match and lists every match among the candidates`, () => {
        expect(anchor(text, [sel])).toMatchObject(expected[0]!);
        const spans = bestCandidates(text, [sel], 10).filter((r) => r.status !== 'fuzzy').map((r) => ({ start: r.start, end: r.end }));
        for (const e of expected) expect(spans).toContainEqual(e);
      });
    }
  }
});
