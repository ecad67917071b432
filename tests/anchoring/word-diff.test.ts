import { describe as suite, expect, it } from 'vitest';
import { wordDiff } from '../../main/common/anchoring';

const rebuild = (ops: ReturnType<typeof wordDiff>, side: 'old' | 'new') =>
  ops.filter((o) => o.op === 'equal' || o.op === (side === 'old' ? 'delete' : 'insert')).map((o) => o.text).join('');

suite('wordDiff', () => {
  it('marks a replaced word as one deletion and one insertion between equal runs', () => {
    const ops = wordDiff('the quick brown fox', 'the quick red fox');
    expect(ops).toEqual([
      { op: 'equal', text: 'the quick ' },
      { op: 'delete', text: 'brown' },
      { op: 'insert', text: 'red' },
      { op: 'equal', text: ' fox' },
    ]);
  });

  it('reproduces the old text from equal + delete runs and the new text from equal + insert runs', () => {
    const oldText = 'If you add it to the `break` expression you use to stop the loop, it will be returned by the broken loop:';
    const newText = 'To do this, you can add the value you want returned after the `break` expression you use to stop the loop; that value will be returned out of the loop';
    const ops = wordDiff(oldText, newText);
    expect(rebuild(ops, 'old')).toBe(oldText);
    expect(rebuild(ops, 'new')).toBe(newText);
    expect(ops.some((o) => o.op === 'equal' && o.text.includes('expression you use to stop the loop'))).toBe(true);
  });

  it('counts a re-wrapped passage (only whitespace changed) as unchanged', () => {
    const ops = wordDiff('one two three\nfour five', 'one two\nthree four  five');
    expect(ops).toEqual([{ op: 'equal', text: 'one two\nthree four  five' }]);
  });

  it('keeps whole words with accents and emoji intact', () => {
    const ops = wordDiff('le café 🙂 fermé', 'le café 🙃 ouvert');
    expect(ops.filter((o) => o.op === 'delete').map((o) => o.text)).toEqual(['🙂 fermé']);
    expect(ops.filter((o) => o.op === 'insert').map((o) => o.text)).toEqual(['🙃 ouvert']);
    expect(ops[0]).toEqual({ op: 'equal', text: 'le café ' });
    expect(rebuild(ops, 'new')).toBe('le café 🙃 ouvert');
  });

  it('shows two replaced words in a row as one replaced phrase, and a lone deletion without a stray space', () => {
    expect(wordDiff('a beautiful lie: voice', 'a convenient  story: voice')).toEqual([
      { op: 'equal', text: 'a ' },
      { op: 'delete', text: 'beautiful lie' },
      { op: 'insert', text: 'convenient  story' },
      { op: 'equal', text: ': voice' },
    ]);
    const ops = wordDiff('keep this old word here', 'keep this here');
    expect(ops.filter((o) => o.op === 'insert')).toEqual([]);
    expect(rebuild(ops, 'old')).toBe('keep this old word here');
    expect(rebuild(ops, 'new')).toBe('keep this here');
  });

  it('handles empty sides', () => {
    expect(wordDiff('', 'new words')).toEqual([{ op: 'insert', text: 'new words' }]);
    expect(wordDiff('old words', '')).toEqual([{ op: 'delete', text: 'old words' }]);
    expect(wordDiff('', '')).toEqual([]);
  });
});
