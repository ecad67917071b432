import { describe, expect, it } from 'vitest';
import { findQuotes, quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { followedLabel, labelOnlyChanges, relabelQuotes, type LabelChange } from '../../main/common/markdown/quote-labels';

const ID = '8f14e45f-ceea-467a-9538-5a0d0f6b1b0e';
const OTHER = 'c9f0f895-fb98-4b91-8d0a-1e1d8a8c3f2b';
const retitle: LabelChange = { oldTitle: 'Produced by David Widger', newTitle: 'The Brothers Karamazov' };

describe('a quote label following its source', () => {
  it('takes the new title in a label Sourcebook wrote, keeping heading and ¶', () => {
    expect(followedLabel('Book I · ¶12 · Produced by David Widger', retitle)).toBe('Book I · ¶12 · The Brothers Karamazov');
    expect(followedLabel('¶3 · Produced by David Widger', retitle)).toBe('¶3 · The Brothers Karamazov');
    expect(followedLabel('Produced by David Widger', retitle)).toBe('The Brothers Karamazov');
  });

  it('takes the whole label at the new place when the quote was placed anew', () => {
    const moved = { ...retitle, placed: 'Book II · ¶4 · The Brothers Karamazov' };
    expect(followedLabel('Book I · ¶12 · Produced by David Widger', moved)).toBe('Book II · ¶4 · The Brothers Karamazov');
    expect(followedLabel('p. 7 · Produced by David Widger', moved)).toBe('Book II · ¶4 · The Brothers Karamazov');
  });

  it('leaves a label the user rewrote: another ending untouched, another locator following the title only', () => {
    expect(followedLabel('Interview with Smith', retitle)).toBeNull();
    expect(followedLabel('Produced by David Widger, 1880 edition', retitle)).toBeNull();
    const moved = { ...retitle, placed: 'Book II · ¶4 · The Brothers Karamazov' };
    expect(followedLabel('my favourite line · Produced by David Widger', moved)).toBe('my favourite line · The Brothers Karamazov');
  });

  it('follows a title that itself contains the separator', () => {
    expect(followedLabel('¶2 · Notes · Queries', { oldTitle: 'Notes · Queries', newTitle: 'Notes and Queries' })).toBe('¶2 · Notes and Queries');
  });

  it('says nothing changed when the label already reads as it should', () => {
    expect(followedLabel('¶2 · Same', { oldTitle: 'Same', newTitle: 'Same', placed: '¶2 · Same' })).toBeNull();
  });
});

describe('relabelling the quotes of a note', () => {
  const quote = (id: string, label: string, text = 'Every soul is a world.') => quoteToMarkdown({ annotationId: id, text, label });

  it('rewrites only the named annotations\' labels and leaves every other byte alone, CRLF included', () => {
    const md = ['# Notes', '', quote(ID, '¶1 · Produced by David Widger'), '', 'Between [the quotes].', '', quote(OTHER, '¶1 · Produced by David Widger'), ''].join('\r\n');
    const out = relabelQuotes(md, new Map([[ID, retitle]]))!;
    expect(out).toBe(md.replace('[¶1 · Produced by David Widger](sourcebook://annotation/' + ID, '[¶1 · The Brothers Karamazov](sourcebook://annotation/' + ID));
    expect(findQuotes(out).map((q) => q.label)).toEqual(['¶1 · The Brothers Karamazov', '¶1 · Produced by David Widger']);
  });

  it('escapes a title with brackets so the quote still reads back as a quote', () => {
    const out = relabelQuotes(quote(ID, 'Old'), new Map([[ID, { oldTitle: 'Old', newTitle: 'Notes [draft] & <b>' }]]))!;
    expect(findQuotes(out)).toEqual([{ annotationId: ID, text: 'Every soul is a world.', label: 'Notes [draft] & <b>' }]);
  });

  it('returns null when no label changes, and ignores links that are not a quote\'s attribution', () => {
    expect(relabelQuotes(quote(ID, 'Mine'), new Map([[ID, retitle]]))).toBeNull();
    const inline = `See [Produced by David Widger](sourcebook://annotation/${ID}).\n`;
    expect(relabelQuotes(inline, new Map([[ID, retitle]]))).toBeNull();
  });
});

describe('telling a label-only change on disk from an edit', () => {
  const note = (label: string, tail = '') => `# N\n\n${quoteToMarkdown({ annotationId: ID, text: 'Words.', label })}\n\nMine.${tail}\n`;

  it('gives the new labels when nothing else differs', () => {
    expect(labelOnlyChanges(note('¶1 · Old'), note('¶2 · New'))).toEqual(new Map([[ID, '¶2 · New']]));
    expect(labelOnlyChanges(note('¶1 · Old'), note('¶1 · Old'))).toEqual(new Map());
  });

  it('is null when anything besides a label differs', () => {
    expect(labelOnlyChanges(note('¶1 · Old'), note('¶2 · New', ' And theirs.'))).toBeNull();
    expect(labelOnlyChanges(note('¶1 · Old'), '# N\n')).toBeNull();
  });
});
