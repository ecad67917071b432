/**
 * Text fidelity on real papers from ../shared/corpora/papers: each case is a way extraction went
 * wrong once (measured by `npm run bench:formats`), asserted through the phrase check search
 * uses, on the passages search indexes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { parseSource, type ParsedSource } from '../../main/node/library/parse';
import { phraseRegExp } from '../../main/node/search/phrase';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cache = new Map<string, Promise<ParsedSource>>();
function paper(name: string): Promise<ParsedSource> {
  if (!cache.has(name)) {
    cache.set(name, parseSource(name, readFileSync(path.join(root, '../shared/corpora/papers', name))).then((o) => {
      if (!o.ok) throw new Error(`${name}: ${o.message}`);
      return o.source;
    }));
  }
  return cache.get(name)!;
}
/** Whether a phrase search for `phrase` finds one of the source's passages (what search checks). */
async function found(name: string, phrase: string): Promise<boolean> {
  const s = await paper(name);
  const re = phraseRegExp(phrase);
  return s.passages.some((p) => re.test(s.text.slice(p.start, p.end)));
}

describe('phrases a reader would search for in real papers', () => {
  it('finds body text of a paper whose figures are full of small labels (they once made the body look like headings)', async () => {
    expect(await found('audio_comp_sci_essentia.pdf', 'Following the research necessities, different audio analysis tools tailored for MIR have been developed')).toBe(true);
  });

  it('joins a word hyphenated at a line end and keeps a compound whole, without a space in either', async () => {
    expect(await found('digital_currency_bitcoin.pdf', 'we will need to use a proof-of-work system similar to')).toBe(true);
    expect(await found('datastores_spanner-google\'s-globally-distributed-database.pdf', 'powerful features: non-blocking reads in the past')).toBe(true);
    const s = await paper('digital_currency_bitcoin.pdf');
    expect(s.text).not.toMatch(/\p{L}- \p{Ll}/u);
  });

  it('keeps a space the PDF draws as an item of its own between two words (it was dropped: "processes,each", "N −1", "[1,2]")', async () => {
    expect(await found('distributed_systems_distributed-snapshots-determining-global-states-of-distributed-systems.pdf', 'The algorithm can be initiated by one or more processes, each of which records its state spontaneously')).toBe(true);
    expect(await found('distributed_systems_copysets-reducing-the-frequency-of-data-loss-in-cloud-storage.pdf', 'any scatter width that is not equal to N − 1, it is not practical')).toBe(true);
    expect(await found('datastores_elle-inferring-isolation-anomalies-from-experimental-observations.pdf', 'and later read the version with value [1, 2]')).toBe(true);
    // Not a blank pdf.js makes of kerning (old TeX output), which the next letters overlap.
    expect(await found('information_retrieval_the-pagerank-citation-ranking-bringing-order-to-the-web.pdf', 'we can generate personalized PageRanks which can create a view of Web from a particular perspective')).toBe(true);
  });

  it('reads a two-column paper with a narrow gutter column by column', async () => {
    expect(await found('data_structures_b-trees-write-optimization.pdf', 'Suppose a series of keys are inserted that will completely fill one leaf.')).toBe(true);
  });

  it('reads a paper set in Type 3 fonts in its lines (their sizes came out 24 times too big)', async () => {
    expect(await found('languages-theory_predicate-dispatching.pdf', 'Predicate dispatching integrates, generalizes, and provides a uniform interface')).toBe(true);
  });

  it('keeps a reference entry whole across the colon in its title', async () => {
    expect(await found('datastores_stasis-flexible-transactional-storage.pdf', 'GENESIS: An extensible database management system.')).toBe(true);
  });

  it('finds a section heading and the paper title, not only the paragraphs', async () => {
    expect(await found('audio_comp_sci_essentia.pdf', '6. CONCLUSIONS')).toBe(true);
    expect(await found('artificial_intelligence_efficient-selectivity-and-backup-operators-in-monte-carlo-tree-search.pdf', 'Efficient Selectivity and Backup Operators in Monte-Carlo Tree Search')).toBe(true);
  });

  it('keeps a subscript on its line when the other column\'s lines sit a point off (it became a paragraph of its own: "f = 130.81Hz", "C3")', async () => {
    const name = 'audio_comp_sci_real-time-chord-detection.pdf';
    expect(await found(name, 'our approach examines 2 octaves of the spectrum, between fC3 = 130.81Hz and fC5 = 523.25Hz.')).toBe(true);
    const s = await paper(name);
    expect(s.text).not.toMatch(/\n\nC[35]\n\n/);
    // The subscript's items are still mapped to their own words, so a quote over them is drawn where they are.
    const doc = await getDocument({ data: new Uint8Array(readFileSync(path.join(root, '../shared/corpora/papers', name))), isEvalSupported: false, verbosity: 0 }).promise;
    const items = (await (await doc.getPage(2)).getTextContent()).items as Array<{ str: string }>;
    const map = s.pageItems![1]!;
    let subscripts = 0;
    for (let i = 0; i < map.length; i += 3) {
      const str = items[map[i]!]!.str.normalize('NFKC').replace(/\s+/g, ' ').trim();
      expect([str, str.replace(/-$/, '')]).toContain(s.text.slice(map[i + 1]!, map[i + 2]!));
      if (str === 'C' && s.text.slice(map[i + 2]!, map[i + 2]! + 1) === '3') subscripts++;
    }
    expect(subscripts).toBeGreaterThan(0);
    await doc.destroy();
  });

  it('judges a line\'s type size by the glyphs it draws, not by a zero-width bullet pdf.js sizes at 21 pt in 9 pt text', async () => {
    // The bullet made the line after a sentence a size jump of its own, and it took the line above it in.
    expect(await found('distributed_systems_p5-a-protocal-for-scalable-anonymous-communication.pdf', 'In this section, we outline a number of attacks that a system like must guard against, and show why is invulnerable to all these attacks.')).toBe(true);
  });

  it('does not break a paragraph of body text into lines on a page that also holds denser references', async () => {
    expect(await found('audio_comp_sci_essentia.pdf', 'We have presented a cross-platform open-source library for audio analysis and audio-based music information research and development')).toBe(true);
  });

  it('reads a paper set in TeX bitmap fonts whose glyphs are named by number (it came out as control characters and punctuation)', async () => {
    const name = 'data_compression_data-compression.pdf';
    expect(await found(name, 'This paper surveys a variety of data compression methods spanning almost forty years of research')).toBe(true);
    // Glyphs pdf.js reads as white space (codes 9-13 and 32: here "n", "i", "d", "l", "w") are letters again, ligatures too.
    expect(await found(name, 'from the work of Shannon, Fano and Huffman in the late 40')).toBe(true);
    expect(await found(name, 'thus increasing effective data density')).toBe(true);
  });

  it('keeps a footnote\'s raised mark apart from the footnote\'s first word (it was "8this", "1This")', async () => {
    expect(await found('design_out-of-the-tar-pit.pdf', 'this assumption is generally known as the')).toBe(true);
    expect(await found('distributed_systems_harvest-yield-and-scalable-tolerant-systems.pdf', 'This is consistent with the use of the term yield in semiconductor manufacturing')).toBe(true);
  });
});
