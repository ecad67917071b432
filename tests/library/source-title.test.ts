import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileNameTitle, htmlMetadata, markdownMetadata, plainTextMetadata } from '../../main/node/library/source-title';
import { parseSource } from '../../main/node/library/parse';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');
const manifest = JSON.parse(readFileSync(path.join(GUTENBERG, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string; title: string; author: string }> };

/**
 * Case, punctuation, accents and white space folded: the manifest writes some subtitles fused
 * to their titles ("Plague YearWritten by …"), so spaces cannot count.
 */
const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/æ/g, 'ae').replace(/[^\p{L}\p{N}]+/gu, '');
const book = (file: string) => readFileSync(path.join(GUTENBERG, file), 'utf8');

describe('titles of plain-text books', () => {
  it('names at least 95% of the 172 Gutenberg books as their catalogue does', async () => {
    const titleOf = async (file: string) => {
      const parsed = await parseSource(file, readFileSync(path.join(GUTENBERG, file)));
      return parsed.ok ? parsed.source.title : '';
    };
    const titles = new Map<string, string>();
    for (const f of manifest.files) titles.set(f.file, await titleOf(f.file));
    const wrong = manifest.files.filter((f) => norm(titles.get(f.file)!) !== norm(f.title));
    const share = 1 - wrong.length / manifest.files.length;
    console.log(`titles equal to the catalogue's: ${manifest.files.length - wrong.length}/${manifest.files.length} (${(share * 100).toFixed(1)}%)`);
    expect(manifest.files).toHaveLength(172);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it('finds most titles from the text alone when the file name says nothing (pg1234.txt)', () => {
    const right = manifest.files.filter((f) => norm(plainTextMetadata(book(f.file), 'pg1234.txt').title) === norm(f.title));
    console.log(`titles from the text alone: ${right.length}/${manifest.files.length}`);
    expect(right.length / manifest.files.length).toBeGreaterThanOrEqual(0.6);
  });

  it('never takes a production credit, licence or transcriber line for a title', () => {
    const junk = /produced by|prepared by|transcrib|copyright|gutenberg|proofread|http|e-?text/i;
    const titles = manifest.files.map((f) => plainTextMetadata(book(f.file), 'pg1234.txt').title);
    expect(titles.filter((t) => junk.test(t))).toEqual([]);
  });

  it('reads the author from the by-line of the title page', () => {
    expect(plainTextMetadata(book('Austen-Jane__Emma.txt'), 'pg158.txt')).toMatchObject({ title: 'Emma', author: 'Jane Austen' });
    const zola = plainTextMetadata(book('Zola-Emile__A-Love-Episode.txt'), 'pg1.txt');
    expect(zola).toMatchObject({ title: 'A Love Episode', author: 'Emile Zola' });
  });

  it('spells a title as the title page prints it, not as the file name lost it', () => {
    const md = plainTextMetadata(book('Alger-Horatio-Jr__A-Boy-s-Fortune-Or-The-Strange-Adventures-of-Ben-Baker.txt'),
      'Alger-Horatio-Jr__A-Boy-s-Fortune-Or-The-Strange-Adventures-of-Ben-Baker.txt');
    expect(md.title).toMatch(/^A Boy's Fortune/);
  });

  it('reads a Project Gutenberg header block with its title, author and release year', () => {
    const text = 'The Project Gutenberg eBook of Middlemarch\n\nTitle: Middlemarch\n\nAuthor: George Eliot\n\nRelease Date: July 1, 1994 [eBook #145]\n\n*** START ***\n\nPRELUDE\n';
    expect(plainTextMetadata(text, 'pg145.txt')).toEqual({ title: 'Middlemarch', author: 'George Eliot', year: 1994 });
  });

  it('falls back to the file name, cleaned, when the text has no title page', () => {
    const text = 'it was late and the tide was out, and we had walked a long way along the shore before anyone spoke of going back to the town.\n';
    expect(plainTextMetadata(text, 'field-notes/saltmarsh_survey-2024.txt').title).toBe('saltmarsh survey 2024');
    expect(fileNameTitle('Austen-Jane__Pride-and-Prejudice.txt')).toEqual({ title: 'Pride and Prejudice', descriptive: true });
    expect(fileNameTitle('pg1342.txt').descriptive).toBe(false);
  });
});

describe('titles of Markdown and HTML sources', () => {
  it('takes front matter first, with author and year', () => {
    const text = '---\ntitle: "Saltmarsh restoration"\nauthor: R. Hale\ndate: 2021-04-02\n---\n\n# Notes from the field\n\nText.\n';
    expect(markdownMetadata(text, [{ level: 1, text: 'Notes from the field' }], 'a.md')).toEqual({ title: 'Saltmarsh restoration', author: 'R. Hale', year: 2021 });
  });

  it('takes the first heading without its Markdown', () => {
    expect(markdownMetadata('# The **Alexa** [[Delusion]]\n\nText', [{ level: 1, text: 'The **Alexa** [[Delusion]]' }], 'x.md').title).toBe('The Alexa Delusion');
  });

  it('takes an HTML page its <title>, else its first <h1>', async () => {
    const page = await parseSource('p.html', new TextEncoder().encode('<html><head><title>Abbotts Hall</title></head><body><h1>Other</h1><p>x</p></body></html>'));
    expect(page.ok && page.source.title).toBe('Abbotts Hall');
    expect(htmlMetadata({ title: null }, [{ level: 1, text: 'Managed realignment' }], 'x.html').title).toBe('Managed realignment');
  });
});
