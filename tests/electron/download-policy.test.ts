import { describe, expect, it } from 'vitest';
import { decideDownload, isOwnBlobUrl, safeDownloadName } from '../../main/electron-main/policies/download';
import type { DownloadRequest } from '../../main/electron-main/policies/download';

const OURS = new Set([7]);
const OWN_BLOB = 'blob:app://sourcebook/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21';
const mainFrame = (url = 'app://sourcebook/index.html') => ({ url, parent: null });

/** A download as our export dialog starts it: a blob of our page, from our window's main frame. */
function exportDownload(changes: Partial<DownloadRequest> = {}): DownloadRequest {
  return { url: OWN_BLOB, urlChain: [OWN_BLOB], suggestedName: 'sourcebook-annotations.jsonld', webContents: { id: 7 }, frame: mainFrame(), ...changes };
}

describe('the download policy', () => {
  it('sends an export made by our page to the save dialog, under the name the page gave it', () => {
    expect(decideDownload(exportDownload(), OURS)).toEqual({ action: 'ask', fileName: 'sourcebook-annotations.jsonld' });
    expect(decideDownload(exportDownload({ suggestedName: 'Alexa strategy.md' }), OURS)).toEqual({ action: 'ask', fileName: 'Alexa strategy.md' });
  });

  it('accepts the page at any address of our origin (a note in the fragment, say)', () => {
    expect(decideDownload(exportDownload({ frame: mainFrame('app://sourcebook/index.html#note=Ideas.md') }), OURS).action).toBe('ask');
  });

  const hostileUrls: Array<[string, unknown]> = [
    ['a web file', 'https://evil.example/payload.exe'],
    ['a plain-HTTP file', 'http://127.0.0.1:5173/notes.md'],
    ['a local file', 'file:///etc/passwd'],
    ['a data: URL', 'data:application/octet-stream;base64,TVqQAAMAAAAEAAAA'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a page of our own origin (not a blob)', 'app://sourcebook/index.html'],
    ['a blob of a web page', 'blob:https://evil.example/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob of an opaque origin (sandboxed or data: document)', 'blob:null/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob of a file: page', 'blob:file:///3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob of another host on our scheme', 'blob:app://other/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob of a look-alike host', 'blob:app://sourcebook.evil.example/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob with credentials before our host', 'blob:app://sourcebook@evil.example/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob of our host on a port', 'blob:app://sourcebook:8080/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob path that is not a UUID', 'blob:app://sourcebook/../../etc/passwd'],
    ['a blob with a nested path', 'blob:app://sourcebook/a/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob with a query', `${OWN_BLOB}?download=1`],
    ['a blob with a fragment', `${OWN_BLOB}#x`],
    ['a blob wrapped in whitespace', ` ${OWN_BLOB}\n`],
    ['a blob with a tab inside', 'blob:app://source\tbook/3f1c2a9e-8b7d-4c61-9e0f-2a6b5d4c3e21'],
    ['a blob of a blob', `blob:${OWN_BLOB}`],
    ['an empty URL', ''],
    ['no URL at all', undefined],
    ['a URL that is not a string', { href: OWN_BLOB }],
  ];
  it.each(hostileUrls)('cancels %s', (_label, url) => {
    expect(decideDownload(exportDownload({ url, urlChain: [url] }), OURS)).toEqual({ action: 'cancel' });
  });

  it('cancels a download whose chain passed through anything but our own blob', () => {
    expect(decideDownload(exportDownload({ urlChain: ['https://evil.example/redirect', OWN_BLOB] }), OURS)).toEqual({ action: 'cancel' });
  });

  const hostileStarters: Array<[string, Partial<DownloadRequest>]> = [
    ['another webContents (devtools, say)', { webContents: { id: 9 } }],
    ['a frame Electron no longer knows', { frame: null }],
    ['a missing frame', { frame: undefined }],
    ['an iframe of our own origin', { frame: { url: 'app://sourcebook/index.html', parent: mainFrame() } }],
    ['our window after it navigated to the web', { frame: mainFrame('https://evil.example/') }],
    ['our window on a file: page', { frame: mainFrame('file:///work/main/out/renderer/index.html') }],
    ['a devtools page in our webContents', { frame: mainFrame('devtools://devtools/bundled/inspector.html') }],
  ];
  it.each(hostileStarters)('cancels our own blob when it was started by %s', (_label, changes) => {
    expect(decideDownload(exportDownload(changes), OURS)).toEqual({ action: 'cancel' });
  });

  it('cancels when there is no request to judge', () => {
    expect(decideDownload(null, OURS)).toEqual({ action: 'cancel' });
    expect(decideDownload(undefined, OURS)).toEqual({ action: 'cancel' });
  });

  it('stops allowing downloads from a window once it is closed', () => {
    const ids = new Set([7]);
    expect(decideDownload(exportDownload(), ids).action).toBe('ask');
    ids.delete(7);
    expect(decideDownload(exportDownload(), ids)).toEqual({ action: 'cancel' });
  });

  it('recognises only the exact shape of our blob URLs', () => {
    expect(isOwnBlobUrl(OWN_BLOB)).toBe(true);
    expect(isOwnBlobUrl(OWN_BLOB.toUpperCase())).toBe(false);
    expect(isOwnBlobUrl(`${OWN_BLOB}0`)).toBe(false);
  });
});

describe('the name proposed in the save dialog', () => {
  it.each([
    ['../../.ssh/authorized_keys', 'ssh authorized_keys'],
    ['..\\..\\Windows\\evil.bat', 'Windows evil.bat'],
    ['/etc/passwd', 'etc passwd'],
    ['.bashrc', 'bashrc'],
    ['notes.md.', 'notes.md'],
    ['C:evil.md', 'C evil.md'],
    ['a\u0000b\nc.md', 'a b c.md'],
    ['..', 'export'],
    ['', 'export'],
    [undefined, 'export'],
  ])('turns %j into %j, a single file name inside Documents', (raw, expected) => {
    expect(safeDownloadName(raw)).toBe(expected);
  });

  it('keeps names of reasonable length', () => {
    expect(safeDownloadName(`${'long '.repeat(60)}.md`).length).toBeLessThanOrEqual(120);
  });
});
