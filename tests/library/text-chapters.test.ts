import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../main/node/library/parse';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const parse = async (file: string, bytes: Uint8Array = readFileSync(path.join(GUTENBERG, file))) => {
  const r = await parseSource(file, bytes);
  if (!r.ok) throw new Error(r.message);
  return r.source;
};
const txt = (s: string) => new TextEncoder().encode(s);

describe('outlines of plain-text books', () => {
  it('reads volumes and their chapters as two levels, each pointing at its heading line', async () => {
    const emma = await parse('Austen-Jane__Emma.txt');
    const volumes = emma.outline.filter((h) => h.level === 1).map((h) => h.text);
    expect(volumes).toEqual(['VOLUME I', 'VOLUME II', 'VOLUME III']);
    const chapters = emma.outline.filter((h) => h.level === 2);
    expect(chapters.length).toBeGreaterThan(50);
    for (const h of emma.outline) expect(emma.text.slice(h.start, h.end)).toBe(h.text);
    // A chapter is a heading block of the reader, and passages know the chapter they are in.
    const third = chapters[2]!;
    expect(emma.blocks.find((b) => b.start === third.start)).toMatchObject({ kind: 'heading', level: 2 });
    expect(emma.passages.find((p) => p.start > third.end)?.heading).toBe('CHAPTER III');
  });

  it('names a chapter by the title line under its number', async () => {
    const trial = await parse('Kafka-Franz__The-Trial.txt');
    expect(trial.outline.map((h) => h.text)).toContain('Chapter Nine · In the Cathedral');
  });

  it('gives most of the 172 Gutenberg books an outline', async () => {
    const manifest = JSON.parse(readFileSync(path.join(GUTENBERG, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string }> };
    let withOutline = 0;
    for (const f of manifest.files) if ((await parse(f.file)).outline.length >= 2) withOutline++;
    console.log(`books with an outline: ${withOutline}/${manifest.files.length}`);
    expect(withOutline / manifest.files.length).toBeGreaterThanOrEqual(0.85);
  });

  it('takes all-capitals lines for headings only when the book has no chapter numbers', async () => {
    const story = 'THE FIRST STORY\n\nIt was a long day.\n\nTHE SECOND STORY\n\nAnd a longer night.\n\nI\n\nsaid nothing.\n';
    expect((await parse('s.txt', txt(story))).outline.map((h) => h.text)).toEqual(['THE FIRST STORY', 'THE SECOND STORY', 'I']);
    const prose = 'I put out both my hands, and held his fast\n\nand we walked on.\n\nThen he spoke.\n';
    expect((await parse('p.txt', txt(prose))).outline).toEqual([]);
  });

  it('leaves the outline of a text written with Markdown headings as it is', async () => {
    expect((await parse('m.txt', txt('# One\n\nCHAPTER I\n\ntext\n\n# Two\n\nmore\n'))).outline.map((h) => h.text)).toEqual(['One', 'Two']);
  });
});
