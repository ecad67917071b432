import { describe, expect, it } from 'vitest';
import { stepSelection, type StepUnit } from '../../renderer/src/reader/text-steps';

type Step = ['start' | 'end', StepUnit, 1 | -1];

const TEXT = '1. **Let others do the hard research.** Training frontier models costs billions. Does it pay?\n\nA new paragraph starts here';

/** The selection as text after a series of steps, starting from `first` selected. */
function after(first: string, steps: Step[]): string {
  const start = TEXT.indexOf(first);
  let range = { start, end: start + first.length };
  for (const [edge, unit, dir] of steps) range = stepSelection(TEXT, range, edge, unit, dir);
  return TEXT.slice(range.start, range.end);
}

describe('keyboard selection steps', () => {
  it('grows the end by whole words, taking the Markdown attached to them along', () => {
    expect(after('**Let', [['end', 'word', 1], ['end', 'word', 1]])).toBe('**Let others do');
    expect(after('do the', [['end', 'word', 1], ['end', 'word', 1]])).toBe('do the hard research.**');
  });

  it('shrinks the end by a word and never to nothing', () => {
    expect(after('others do the', [['end', 'word', -1]])).toBe('others do');
    expect(after('others', [['end', 'word', -1]])).toBe('others');
  });

  it('grows the end to the end of the sentence, past closing bold markers', () => {
    expect(after('**Let', [['end', 'sentence', 1]])).toBe('**Let others do the hard research.**');
    expect(after('**Let', [['end', 'sentence', 1], ['end', 'sentence', 1]])).toBe('**Let others do the hard research.** Training frontier models costs billions.');
  });

  it('stops a sentence at a paragraph break even without a full stop', () => {
    expect(after('Does', [['end', 'sentence', 1]])).toBe('Does it pay?');
    expect(after('A new', [['end', 'sentence', 1]])).toBe('A new paragraph starts here');
  });

  it('shrinks the end back to the previous sentence end', () => {
    expect(after('**Let others do the hard research.** Training frontier', [['end', 'sentence', -1]])).toBe('**Let others do the hard research.**');
  });

  it('moves the start by words and sentences in both directions', () => {
    expect(after('do the hard', [['start', 'word', 1]])).toBe('the hard');
    expect(after('do the hard', [['start', 'word', -1]])).toBe('others do the hard');
    expect(after('Does it', [['start', 'sentence', -1]])).toBe('Training frontier models costs billions. Does it');
    expect(after('Training frontier models costs billions. Does it', [['start', 'sentence', 1]])).toBe('Does it');
  });

  it('refuses a start step that would cross the end', () => {
    expect(after('Does it', [['start', 'sentence', 1]])).toBe('Does it');
  });
});
