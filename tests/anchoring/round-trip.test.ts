import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe as suite, expect, it } from 'vitest';
import { anchor, describe, type Selectors } from '../../main/common/anchoring';
import { seededRandom } from '../support/seeded-random';
import { makeScenario } from './edit-scenario';
import { gutenbergBook } from './fixtures';

const seedsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');
const seeds = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt') || f.endsWith('.md')) : [];

/** `count` word-aligned spans of 1–25 words, spread over `text`. */
function spans(text: string, count: number, seed: number): { start: number; end: number }[] {
  const words = [...text.matchAll(/\S+/g)];
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const first = Math.floor(rnd() * (words.length - 1));
    const last = Math.min(words.length - 1, first + Math.floor(rnd() * 25));
    return { start: words[first]!.index, end: words[last]!.index + words[last]![0].length };
  });
}

function roundTrip(text: string, span: { start: number; end: number }) {
  const sel: Selectors = [describe(text, span.start, span.end), { type: 'TextPositionSelector', ...span }];
  return anchor(text, sel);
}

suite('describe → anchor round trips', () => {
  it.skipIf(seeds.length === 0)('every quote described in a seed article anchors back exactly where it was made', () => {
    for (const f of seeds) {
      const text = fs.readFileSync(path.join(seedsDir, f), 'utf8');
      for (const span of spans(text, 100, f.length)) {
        expect([f, roundTrip(text, span)]).toEqual([f, { ...span, status: 'exact', confidence: 1 }]);
      }
    }
  });

  const book = gutenbergBook(400_000);
  it.skipIf(!book)('every quote described in a Gutenberg book anchors back exactly, even when the quote occurs several times', () => {
    const text = book!.text;
    for (const span of spans(text, 300, 11)) expect(roundTrip(text, span)).toEqual({ ...span, status: 'exact', confidence: 1 });
    // Without the position, the context alone must still pick the right copy of a repeated phrase.
    const repeated = text.indexOf('said he');
    let at = text.indexOf('said he', text.length >> 1);
    if (repeated >= 0 && at > 0) {
      const sel = describe(text, at, at + 'said he'.length);
      expect(anchor(text, [sel])).toMatchObject({ start: at, end: at + 7 });
      at = text.indexOf('said he', at + 1);
    }
  });
});

suite('re-anchoring after a revision of a real book', () => {
  const book = gutenbergBook(1_000_000);
  const donor = gutenbergBook(300_000);
  it.skipIf(!book || !donor)('a 1 MB book with paragraphs deleted, inserted and reworded: kept quotes land exactly, reworded ones in their paragraph, deleted ones are orphaned', () => {
    const cut = book!.text.indexOf('\n\n', 1_000_000);
    const { newText, quotes } = makeScenario(book!.text.slice(0, cut), donor!.text, { quoteCount: 300, deletions: 8, rewordings: 20, seed: 3 });
    expect(newText.length).toBeGreaterThan(900_000);
    const fates = new Set(quotes.map((q) => q.fate));
    expect(fates).toEqual(new Set(['kept', 'reworded', 'deleted']));
    for (const q of quotes) {
      const got = anchor(newText, q.selectors);
      if (q.fate === 'deleted') expect(got).toBeNull();
      else if (q.fate === 'kept') expect(got).toMatchObject(q.expected!);
      else {
        expect(got).not.toBeNull();
        expect(got!.start).toBeGreaterThanOrEqual(q.expected!.start);
        expect(got!.end).toBeLessThanOrEqual(q.expected!.end);
      }
    }
  });
});
