import { describe as suite, expect, it } from 'vitest';
import { anchor, bestCandidates, type Selectors } from '../../main/common/anchoring';
import { hasShared, missingShared, readJson } from './fixtures';

interface Case {
  id: string; test: string; kind?: 'ranking';
  text?: string; literalText?: string; quote?: string; prefix?: string; suffix?: string; hint?: number;
  quotes?: string[]; prefixes?: string[]; suffixes?: string[];
  expect: { kind: 'match' | 'null' | 'strictlyDecreasingScore'; matched?: string; start?: number; end?: number; score?: number; scoreBetween?: [number, number] };
}
interface Table { texts: Record<string, string>; cases: Case[] }

const table: Table = hasShared ? readJson<Table>('unit-cases/hypothesis-client/match-quote-cases.json') : { texts: {}, cases: [] };

function selectors(quote: string, c: Pick<Case, 'prefix' | 'suffix' | 'hint'>): Selectors {
  const q = { type: 'TextQuoteSelector' as const, exact: quote, prefix: c.prefix ?? '', suffix: c.suffix ?? '' };
  // Hypothesis's position hint is the old start: here it is the W3C TextPositionSelector.
  return c.hint === undefined ? [q] : [q, { type: 'TextPositionSelector', start: c.hint, end: c.hint + quote.length }];
}

/** The best place's confidence, whatever it is (rankings compare scores Hypothesis would also report). */
const topConfidence = (text: string, sel: Selectors) => bestCandidates(text, sel, 1)[0]?.confidence ?? 0;

suite.skipIf(!hasShared)(`Hypothesis's match-quote table (${hasShared ? 'through anchor' : missingShared})`, () => {
  for (const c of table.cases) {
    const text = c.literalText ?? table.texts[c.text ?? '']!;
    it(`${c.id}: ${c.test}`, () => {
      if (c.expect.kind === 'strictlyDecreasingScore') {
        const scores = c.quotes ? c.quotes.map((q) => topConfidence(text, selectors(q, {})))
          : c.prefixes ? c.prefixes.map((p) => topConfidence(text, selectors(c.quote!, { prefix: p })))
          : c.suffixes!.map((s) => topConfidence(text, selectors(c.quote!, { suffix: s })));
        for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
        return;
      }
      const quote = c.quote ?? '';
      const got = anchor(text, selectors(quote, c));
      if (c.expect.kind === 'null') { expect(got).toBeNull(); return; }
      expect(got).not.toBeNull();
      expect(got!.start).toBe(c.expect.start);
      if (c.expect.end !== undefined) expect(got!.end).toBe(c.expect.end);
      if (c.expect.matched !== undefined) expect(text.slice(got!.start, got!.end)).toBe(c.expect.matched);
      if (c.expect.score !== undefined) expect(got!.confidence).toBe(c.expect.score);
      if (c.expect.scoreBetween) {
        expect(got!.confidence).toBeGreaterThan(c.expect.scoreBetween[0]);
        expect(got!.confidence).toBeLessThan(c.expect.scoreBetween[1]);
      }
    });
  }
});
