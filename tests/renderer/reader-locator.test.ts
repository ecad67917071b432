import { describe, expect, it } from 'vitest';
import { locatorLabel, blockIndexAt } from '../../main/common/library/locator';
import { seedDoc } from '../support/seeds';

const doc = (await seedDoc('003_c38cac0ff9cc0db6.txt'));

describe('the locator a quote carries', () => {
  it('names the section heading, the paragraph within it and the source', () => {
    const at = doc.text.indexOf('It never happened.');
    expect(locatorLabel(doc, at)).toBe('The Alexa Delusion · ¶3 · Amazon AI: The $8 Billion Confession of Failure');
  });

  it('counts from the start of the text before the first section, without repeating the title', () => {
    const at = doc.text.indexOf('Inside the decade');
    expect(locatorLabel(doc, at)).toBe('¶1 · Amazon AI: The $8 Billion Confession of Failure');
  });

  it('works from heading blocks when the source has no outline', () => {
    const bare = { ...doc, outline: [] };
    const at = doc.text.indexOf('It never happened.');
    expect(locatorLabel(bare, at)).toBe('The Alexa Delusion · ¶3 · Amazon AI: The $8 Billion Confession of Failure');
  });

  it('finds the block holding an offset by binary search', () => {
    const at = doc.text.indexOf('It never happened.');
    const i = blockIndexAt(doc.blocks, at + 3);
    expect(doc.text.slice(doc.blocks[i]!.start, doc.blocks[i]!.end)).toBe('It never happened.');
  });
});
