import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../renderer/src/notes/quote/word-diff';
import { ARTICLE, seedSentence } from './notes-fixtures';

const join = (parts: ReturnType<typeof wordDiff>, keep: 'before' | 'after') =>
  parts.filter((p) => p.kind === 'same' || p.kind === (keep === 'before' ? 'removed' : 'added')).map((p) => p.text).join('');

describe('the word diff shown for a drifted quote', () => {
  const quoted = seedSentence(ARTICLE, 'For nearly a decade');

  it('marks only the words that changed', () => {
    const now = quoted.replace('beautiful lie', 'convenient story');
    const parts = wordDiff(quoted, now);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['beautiful lie:']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['convenient story:']);
  });

  it('rebuilds both texts exactly from its parts', () => {
    const now = `Updated: ${quoted.replace('voice', 'speech').replace(/\.$/, ', they said.')}`;
    const parts = wordDiff(quoted, now);
    expect(join(parts, 'before')).toBe(quoted);
    expect(join(parts, 'after')).toBe(now);
  });

  it('reports no change for identical text', () => {
    expect(wordDiff(quoted, quoted)).toEqual([{ kind: 'same', text: quoted }]);
  });
});
