import { describe, expect, it } from 'vitest';
import { citedState, quoteState, sameWords, type QuoteFacts } from '../../main/common/notebook/quote-state';
import { withTextFragments } from '../../main/node/notebook/exports';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import type { Annotation } from '../../main/common/contract';

const facts = (over: Partial<QuoteFacts> = {}): QuoteFacts => ({
  exists: true, anchor: { start: 10, end: 20 }, quotedAt: { start: 10, end: 20 }, exact: 'the old words', keptAsCited: false, ...over,
});

describe('one state per quote', () => {
  it('tells intact, moved, drifted, kept as cited, needs review and orphaned apart', () => {
    expect(quoteState(facts())).toBe('intact');
    expect(quoteState(facts({ anchor: { start: 40, end: 50 } }))).toBe('moved');
    expect(quoteState(facts({ current: 'the new words' }))).toBe('drifted');
    expect(quoteState(facts({ current: 'the new words', keptAsCited: true }))).toBe('kept-as-cited');
    expect(quoteState(facts({ review: 'low-confidence', anchor: null }))).toBe('needs-review');
    expect(quoteState(facts({ review: 'orphaned', anchor: null }))).toBe('orphaned');
    expect(quoteState(facts({ anchor: null }))).toBe('orphaned');
    expect(quoteState(facts({ exists: false }))).toBe('orphaned');
  });

  it('does not call a quote drifted for line breaks or Markdown markers alone', () => {
    expect(quoteState(facts({ exact: '**the old**\nwords', noteText: 'the old words' }))).toBe('intact');
    expect(sameWords('1. First _item_', 'First item')).toBe(true);
    // The bullets the library reads as list items (converted documents use typographic ones).
    for (const bullet of ['-', '•', '‣', '◦']) expect(sameWords(`${bullet} First item`, 'First item'), bullet).toBe(true);
    expect(sameWords('First item', 'First items')).toBe(false);
  });

  it('reads a wikilink in a quote as the words it shows, as the reader shows the passage', () => {
    expect(sameWords('Ask [[Claude|the model]] about [[Bedrock#Pricing]].', 'Ask the model about Bedrock.')).toBe(true);
    expect(sameWords('Ask [[Claude|the model]].', 'Ask Claude.')).toBe(false);
  });

  it('sees the note lag behind an Accept: drifted for that note, or kept as cited when the user said so', () => {
    const accepted = { state: 'intact' as const, quote: { exact: 'the new words' } };
    expect(citedState(accepted, 'the new words')).toBe('intact');
    expect(citedState(accepted, 'the old words')).toBe('drifted');
    expect(citedState({ ...accepted, keptAsCited: true }, 'the old words')).toBe('kept-as-cited');
    // A quote waiting for review stays so, whatever the note holds.
    expect(citedState({ state: 'needs-review', quote: { exact: 'x' } }, 'y')).toBe('needs-review');
  });
});

describe('the exported note', () => {
  it('gives a quote whose note holds older words a fragment of those words, and says what the source reads now', () => {
    const a = { id: 'a1', sourceId: 's.txt', quote: { exact: 'the new words', prefix: 'Before ', suffix: ' after' } } as Annotation;
    const md = quoteToMarkdown({ annotationId: 'a1', text: 'the old words', label: 'S' });
    const out = withTextFragments(md, () => a);
    expect(out).toContain('#:~:text=the%20old%20words');
    expect(out).not.toContain('new%20words');
    expect(out).toContain('> Source now reads: “the new words”');
    const same = withTextFragments(quoteToMarkdown({ annotationId: 'a1', text: 'the new words', label: 'S' }), () => a);
    expect(same).toContain('new%20words');
    expect(same).not.toContain('Source now reads');
  });
});
