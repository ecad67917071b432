import { describe, expect, it } from 'vitest';
import { toSafeExternalUrl } from '../../main/electron-main/policies/external-link';

describe('the external-link policy', () => {
  it.each([
    ['https://www.gutenberg.org/ebooks/1342', 'https://www.gutenberg.org/ebooks/1342'],
    ['http://example.org/a b'.replace(' ', '%20'), 'http://example.org/a%20b'],
    ['HTTPS://Example.ORG/Path?q=1#frag', 'https://example.org/Path?q=1#frag'],
    ['mailto:editor@example.org?subject=Quote', 'mailto:editor@example.org?subject=Quote'],
  ])('lets %s go to the OS browser (as %s)', (raw, expected) => {
    expect(toSafeExternalUrl(raw)).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    [' javascript:alert(1)'],
    ['vbscript:msgbox(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['file:///etc/passwd'],
    ['file://server/share/x.exe'],
    ['\\\\server\\share\\x.exe'],
    ['app://sourcebook/index.html'],
    ['ms-settings:privacy'],
    ['smb://server/share'],
    ['x-github-client://openRepo/x'],
    ['steam://run/1'],
    ['ftp://example.org/file'],
    ['blob:https://example.org/1234'],
    ['about:blank'],
    ['chrome://settings'],
    ['https://user:password@example.org/'],
    ['https://www.trusted.example@evil.example/'],
    ['https://user@example.org/'],
    ['https:'],
    ['//evil.example/'],
    ['/relative/path'],
    ['https://example.org/\u0000'],
    ['https://example.org/\nSet-Cookie:x'],
    ['https://example.org/ x'],
    ['mailto:'],
    ['mailto:a@b.example?attach=/home/me/.ssh/id_rsa'],
    ['mailto:a@b.example?subject=Hi&Attachment=file:///etc/passwd'],
    [`https://example.org/${'a'.repeat(3000)}`],
    [''],
  ])('refuses %j', (raw) => {
    expect(toSafeExternalUrl(raw)).toBeNull();
  });

  it.each([[null], [undefined], [42], [{ href: 'https://example.org/' }], [['https://example.org/']]])(
    'refuses a non-string (%j)',
    (raw) => {
      expect(toSafeExternalUrl(raw)).toBeNull();
    },
  );
});
