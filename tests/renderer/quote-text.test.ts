import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../main/node/library/parse';
import { renderBlock } from '../../renderer/src/reader/blocks';
import { TextOffsetMap } from '../../renderer/src/reader/offsets';
import { shownQuote, shownText } from '../../renderer/src/reader/quote-text';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const source = async (file: string, bytes: Uint8Array) => {
  const r = await parseSource(file, bytes);
  if (!r.ok) throw new Error(r.message);
  return r.source;
};

describe('the words of a passage as the reader shows them', () => {
  it('quotes a hard-wrapped paragraph as its words with single spaces, offsets untouched', async () => {
    const emma = await source('Austen-Jane__Emma.txt', readFileSync(path.join(GUTENBERG, 'Austen-Jane__Emma.txt')));
    const start = emma.text.indexOf('Emma Woodhouse, handsome');
    const end = emma.text.indexOf('vex her.', start) + 'vex her.'.length;
    expect(emma.text.slice(start, end)).toContain('\n');
    const quote = shownText(emma, { start, end });
    expect(quote).toBe(emma.text.slice(start, end).replace(/\s+/g, ' '));
    expect(quote).not.toContain('\n');
  });

  it('lets hard-wrapped prose flow in the reader but keeps the lines of verse', async () => {
    const text = 'It was the best of times, it was the worst of times, it was the age of\nwisdom, it was the age of foolishness, it was the epoch of belief, it was\nthe epoch of incredulity.\n\nTyger Tyger, burning bright,\nIn the forests of the night;\nWhat immortal hand or eye,\nCould frame thy fearful symmetry?\n';
    const doc = await source('a.txt', new TextEncoder().encode(text));
    const [prose, verse] = doc.blocks.map((b, i) => renderBlock(doc.text, b, i, [], new TextOffsetMap(document.body), 'text'));
    expect(prose!.classList.contains('blk-flow')).toBe(true);
    expect(verse!.classList.contains('blk-flow')).toBe(false);
    expect(shownText(doc, doc.blocks[1]!)).toBe('Tyger Tyger, burning bright,\nIn the forests of the night;\nWhat immortal hand or eye,\nCould frame thy fearful symmetry?');
  });

  it('leaves Markdown syntax, list numbers and emphasis markers out of a quote', async () => {
    const md = '## The pivot\n\n1. **Let others do the hard research.** Then\n   buy _access_ to it.\n\n> A [[Bedrock|platform]] and a [link](https://example.org).\n';
    const doc = await source('a.md', new TextEncoder().encode(md));
    expect(shownText(doc, { start: 0, end: doc.text.length })).toBe(
      'The pivot\n\nLet others do the hard research. Then buy access to it.\n\nA platform and a link.');
  });

  it('compares a note\'s quote and the source\'s words by what they say', async () => {
    expect(shownQuote('**Bold** words,\nwrapped')).toBe(shownQuote('Bold words, wrapped'));
    expect(shownQuote('1. first item')).toBe('first item');
    expect(shownQuote('One.\n\nTwo.')).toBe('One.\n\nTwo.');
  });
});

describe('HTML tables in the reader', () => {
  it('renders a row as cells, and a quote of the row as its cells\' words', async () => {
    const doc = await source('t.html', new TextEncoder().encode('<table><tr><td>Abbotts Hall</td><td>2002</td><td>49</td></tr></table><ol><li>First</li></ol>'));
    const map = new TextOffsetMap(document.body);
    const [row, item] = doc.blocks.map((b, i) => renderBlock(doc.text, b, i, [], map, 'html'));
    expect([...row!.querySelectorAll('.cell')].map((c) => c.textContent)).toEqual(['Abbotts Hall', '2002', '49']);
    expect(item!.dataset.marker).toBe('1.');
    expect(shownText(doc, doc.blocks[0]!)).toBe('Abbotts Hall 2002 49');
  });
});
