import { describe, expect, it } from 'vitest';
import { textFragment } from '../../main/common/anchoring/text-fragment';
import { browserOpenPath, deepLinkFromArgv, formatDeepLink, parseDeepLink } from '../../main/common/links/deep-link';

describe('the deep-link policy', () => {
  it.each([
    ['sourcebook://annotation/8f14e45f-ceea-467f-a0e6-0a3a2b1c9d00', { kind: 'annotation', id: '8f14e45f-ceea-467f-a0e6-0a3a2b1c9d00' }],
    ['SOURCEBOOK://Annotation/a1', { kind: 'annotation', id: 'a1' }],
    ['sourcebook://annotation/a1/', { kind: 'annotation', id: 'a1' }],
    ['sourcebook://source/003_c38cac0ff9cc0db6.txt', { kind: 'source', sourceId: '003_c38cac0ff9cc0db6.txt', text: null }],
    ['sourcebook://source/papers%2Fold%20one.md', { kind: 'source', sourceId: 'papers/old one.md', text: null }],
    ['sourcebook://source/1%3Abook.md', { kind: 'source', sourceId: '1:book.md', text: null }],
    ['sourcebook://source/a.md#:~:text=told%20a-,beautiful%20lie,-For', { kind: 'source', sourceId: 'a.md', text: { prefix: 'told a', start: 'beautiful lie', end: '', suffix: 'For' } }],
    ['sourcebook://source/a.md#:~:text=For%20nearly,the%20end', { kind: 'source', sourceId: 'a.md', text: { prefix: '', start: 'For nearly', end: 'the end', suffix: '' } }],
    ['sourcebook://source/a.md#section', { kind: 'source', sourceId: 'a.md', text: null }],
  ])('reads %s', (raw, expected) => {
    expect(parseDeepLink(raw)).toEqual(expected);
  });

  it.each([
    ['another scheme', 'https://example.com/annotation/a1'],
    ['a file URL', 'file:///etc/passwd'],
    ['an unknown kind', 'sourcebook://settings/reset'],
    ['an annotation id with Markdown in it', 'sourcebook://annotation/a1)%0A%23%20Heading'],
    ['an annotation id with a slash', 'sourcebook://annotation/a1/b2'],
    ['an annotation id that is too long', `sourcebook://annotation/${'a'.repeat(129)}`],
    ['an empty id', 'sourcebook://annotation/'],
    ['a source path going up', 'sourcebook://source/..%2F..%2F.ssh%2Fid_rsa'],
    ['an absolute source path', 'sourcebook://source/%2Fetc%2Fpasswd'],
    ['a Windows path', 'sourcebook://source/C%3A%5CUsers%5Cx.txt'],
    ['a NUL in the id', 'sourcebook://source/a%00.md'],
    ['a newline in the raw link', 'sourcebook://annotation/a1\n'],
    ['broken percent-encoding', 'sourcebook://source/%E0%A4%A'],
    ['a giant link', `sourcebook://source/${'a'.repeat(9000)}`],
    ['not a string', 42],
    ['text around the link', 'open sourcebook://annotation/a1 now'],
  ])('refuses %s', (_, raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });

  it('finds the link among launch arguments and ignores flags and their values', () => {
    expect(deepLinkFromArgv(['/opt/Sourcebook/sourcebook', '--library', 'sourcebook://annotation/evil', 'sourcebook://annotation/a1'])).toEqual({ kind: 'annotation', id: 'a1' });
    expect(deepLinkFromArgv(['/opt/Sourcebook/sourcebook', '--no-sandbox', 'sourcebook://annotation/a1'])).toEqual({ kind: 'annotation', id: 'a1' });
    expect(deepLinkFromArgv(['electron', '.', '--library', 'seeds'])).toBeNull();
    expect(deepLinkFromArgv(['x', 'sourcebook://annotation/../x', 'sourcebook://source/b.md'])).toEqual({ kind: 'source', sourceId: 'b.md', text: null });
  });

  it('reads back the links exports write, text fragment included', () => {
    const fragment = textFragment({ prefix: 'Amazon told a', exact: 'beautiful lie, and then another one', suffix: '. For nearly' });
    const link = parseDeepLink(`sourcebook://source/seeds%2Fa-b.txt${fragment}`);
    expect(link).toEqual({ kind: 'source', sourceId: 'seeds/a-b.txt', text: { prefix: 'Amazon told a', start: 'beautiful lie, and then another one', end: '', suffix: '. For nearly' } });
    expect(parseDeepLink(formatDeepLink(link!))).toEqual(link);
    expect(browserOpenPath({ kind: 'annotation', id: 'a1' })).toBe('/open?link=sourcebook%3A%2F%2Fannotation%2Fa1');
  });
});
