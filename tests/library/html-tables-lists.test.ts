import { describe, expect, it } from 'vitest';
import { parseSource } from '../../main/node/library/parse';
import { words } from '../../main/node/search/tokenize';

const page = async (body: string) => {
  const r = await parseSource('sites.html', new TextEncoder().encode(`<html><head><title>Sites</title></head><body>${body}</body></html>`));
  if (!r.ok) throw new Error(r.message);
  return r.source;
};

describe('HTML tables and lists', () => {
  const table = '<table><tr><th>Site</th><th>Year</th><th>Hectares</th></tr><tr><td>Abbotts Hall</td><td>2002</td><td>49</td></tr></table>';

  it('keeps the cells of a table row apart, so each cell is its own words', async () => {
    const doc = await page(table);
    const row = doc.blocks.find((b) => b.kind === 'table-row' && doc.text.slice(b.start, b.end).startsWith('Abbotts'))!;
    expect(doc.text.slice(row.start, row.end)).toBe('Abbotts Hall\t2002\t49');
    expect(words(doc.text)).toEqual(expect.arrayContaining(['hall', '2002', '49']));
    expect(words(doc.text)).not.toContain('hall2002');
  });

  it('makes each row a block of its own', async () => {
    expect((await page(table)).blocks.filter((b) => b.kind === 'table-row')).toHaveLength(2);
  });

  it('gives list items their markers: bullets, and numbers counted from the list\'s start', async () => {
    const doc = await page('<ul><li>Dot</li></ul><ol start="3"><li>Three</li><li>Four</li></ol>');
    expect(doc.blocks.filter((b) => b.kind === 'list-item').map((b) => [doc.text.slice(b.start, b.end), b.marker])).toEqual([
      ['Dot', '•'], ['Three', '3.'], ['Four', '4.'],
    ]);
  });
});
