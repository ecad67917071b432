import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../main/common/anchoring/word-diff';
import { ARTICLE, seedSentence } from './notes-fixtures';

// The renderer shows the pure layer's word diff as it is (del for 'delete', ins for 'insert').
const join = (ops: ReturnType<typeof wordDiff>, keep: 'before' | 'after') =>
  ops.filter((o) => o.op === 'equal' || o.op === (keep === 'before' ? 'delete' : 'insert')).map((o) => o.text).join('');

describe('the word diff shown for a drifted quote', () => {
  const quoted = seedSentence(ARTICLE, 'For nearly a decade');

  it('marks only the words that changed, a replaced phrase as one run', () => {
    const now = quoted.replace('beautiful lie', 'convenient story');
    const ops = wordDiff(quoted, now);
    expect(ops.filter((o) => o.op === 'delete').map((o) => o.text)).toEqual(['beautiful lie']);
    expect(ops.filter((o) => o.op === 'insert').map((o) => o.text)).toEqual(['convenient story']);
  });

  it('rebuilds both texts exactly from its parts', () => {
    const now = `Updated: ${quoted.replace('voice', 'speech').replace(/\.$/, ', they said.')}`;
    const ops = wordDiff(quoted, now);
    expect(join(ops, 'before')).toBe(quoted);
    expect(join(ops, 'after')).toBe(now);
  });

  it('reports no change for identical text', () => {
    expect(wordDiff(quoted, quoted)).toEqual([{ op: 'equal', text: quoted }]);
  });
});
