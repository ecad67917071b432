import { describe as suite, expect, it } from 'vitest';
import { textFragment } from '../../main/common/anchoring';

/** Decodes a text directive the way a browser does: split on unescaped commas, then percent-decode. */
function parse(fragment: string) {
  const body = fragment.replace(/^#:~:text=/, '');
  const parts = body.split(',');
  const prefix = parts[0]!.endsWith('-') ? decodeURIComponent(parts.shift()!.slice(0, -1)) : undefined;
  const suffix = parts[parts.length - 1]!.startsWith('-') ? decodeURIComponent(parts.pop()!.slice(1)) : undefined;
  return { prefix, start: decodeURIComponent(parts[0]!), end: parts[1] === undefined ? undefined : decodeURIComponent(parts[1]), suffix };
}

suite('textFragment', () => {
  it('writes prefix-,exact,-suffix with a few words of context', () => {
    const f = textFragment({ exact: 'the quiet corner', prefix: 'We met at noon in ', suffix: ' of the old café.' });
    expect(f).toBe('#:~:text=at%20noon%20in-,the%20quiet%20corner,-of%20the%20old');
    expect(parse(f)).toEqual({ prefix: 'at noon in', start: 'the quiet corner', end: undefined, suffix: 'of the old' });
  });

  it('percent-encodes the characters that separate directive terms (-, &, ,) and non-ASCII text', () => {
    const f = textFragment({ exact: 'cost-benefit, risk & reward — Zoë', prefix: '', suffix: '' });
    const body = f.replace('#:~:text=', '');
    expect(body).not.toMatch(/[-&,\s]/);
    expect(parse(f).start).toBe('cost-benefit, risk & reward — Zoë');
  });

  it('gives a long quote as its first and last words (textStart,textEnd)', () => {
    const exact = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
    expect(parse(textFragment({ exact, prefix: 'before', suffix: 'after' }))).toEqual({ prefix: 'before', start: 'one two three four', end: 'eleven twelve thirteen fourteen', suffix: 'after' });
  });

  it('collapses line breaks and rejects an empty quote with a clear message', () => {
    expect(parse(textFragment({ exact: 'line one\r\nline two', prefix: '', suffix: '' })).start).toBe('line one line two');
    expect(() => textFragment({ exact: '  ', prefix: '', suffix: '' })).toThrow(/quote is empty/);
  });
});
