import { describe, expect, it } from 'vitest';
import { isAllowedSender } from '../../main/electron-main/policies/sender';
import type { IpcSenderEventLike } from '../../main/electron-main/policies/sender';

const OURS = new Set([7]);
const mainFrame = (url: string) => ({ url, parent: null });

describe('the IPC sender check', () => {
  it('accepts the main frame of our window showing our own page', () => {
    expect(isAllowedSender({ sender: { id: 7 }, senderFrame: mainFrame('app://sourcebook/index.html') }, OURS)).toBe(true);
    expect(isAllowedSender({ sender: { id: 7 }, senderFrame: mainFrame('app://sourcebook/index.html?note=a.md#x') }, OURS)).toBe(true);
  });

  const hostile: Array<[string, IpcSenderEventLike | null | undefined]> = [
    ['no event at all', undefined],
    ['a null event', null],
    ['a frame Electron no longer knows (senderFrame null)', { sender: { id: 7 }, senderFrame: null }],
    ['a missing senderFrame', { sender: { id: 7 }, senderFrame: undefined }],
    ['another window of the same app', { sender: { id: 8 }, senderFrame: mainFrame('app://sourcebook/index.html') }],
    ['the devtools window', { sender: { id: 9 }, senderFrame: mainFrame('devtools://devtools/bundled/devtools_app.html') }],
    ['devtools URL in our own webContents', { sender: { id: 7 }, senderFrame: mainFrame('devtools://devtools/bundled/inspector.html') }],
    ['an iframe of our own origin', { sender: { id: 7 }, senderFrame: { url: 'app://sourcebook/index.html', parent: { url: 'app://sourcebook/index.html' } } }],
    ['a page on a file:// URL', { sender: { id: 7 }, senderFrame: mainFrame('file:///work/main/out/renderer/index.html') }],
    ['a web page after a navigation', { sender: { id: 7 }, senderFrame: mainFrame('https://evil.example/') }],
    ['a look-alike host on our scheme', { sender: { id: 7 }, senderFrame: mainFrame('app://sourcebook.evil.example/index.html') }],
    ['another host on our scheme', { sender: { id: 7 }, senderFrame: mainFrame('app://other/index.html') }],
    ['our host with credentials', { sender: { id: 7 }, senderFrame: mainFrame('app://user:pw@sourcebook/index.html') }],
    ['our host on a port', { sender: { id: 7 }, senderFrame: mainFrame('app://sourcebook:8080/index.html') }],
    ['a data: URL', { sender: { id: 7 }, senderFrame: mainFrame('data:text/html,<script>x</script>') }],
    ['about:blank', { sender: { id: 7 }, senderFrame: mainFrame('about:blank') }],
    ['an empty URL', { sender: { id: 7 }, senderFrame: mainFrame('') }],
    ['a loopback HTTP page (browser mode is not Electron)', { sender: { id: 7 }, senderFrame: mainFrame('http://127.0.0.1:5173/') }],
  ];
  it.each(hostile)('refuses %s', (_label, event) => {
    expect(isAllowedSender(event, OURS)).toBe(false);
  });

  it('stops trusting a window once it is removed from the set', () => {
    const ids = new Set([7]);
    const event = { sender: { id: 7 }, senderFrame: mainFrame('app://sourcebook/index.html') };
    expect(isAllowedSender(event, ids)).toBe(true);
    ids.delete(7);
    expect(isAllowedSender(event, ids)).toBe(false);
  });
});
