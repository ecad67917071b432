/**
 * The Electron IPC transport (bridge + preload over the in-memory pair) in front of the real
 * backend, in process. What the backend cannot be made to do on demand (crash, answer slowly) the
 * real backend's test wrapper does at its door (tests/support/real-backend.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ApiError, methodNames } from '../../main/common/contract/api';
import type { NotebookEvent } from '../../main/common/contract/api';
import { channelFor, EVENT_CHANNEL } from '../../main/common/transport/ipc-protocol';
import { createPreloadApi } from '../../main/electron-sandbox/preload-api';
import { openRealBackend, type RealBackend } from '../support/real-backend';
import { until } from '../support/until';
import { connectOverInMemoryIpc, createInMemoryIpc, OWN_SENDER } from './in-memory-ipc';
import type { FakeSender, IpcConnection } from './in-memory-ipc';

const SEED = readFileSync(path.resolve('seeds/003_c38cac0ff9cc0db6.txt'), 'utf8');
const FIRST_PARAGRAPH = SEED.split(/\n\s*\n/).find((p) => p.trim().length > 40)!.trim();

let real: RealBackend;
beforeAll(async () => { real = await openRealBackend(); });
afterAll(async () => { await real?.close(); });

let connection: IpcConnection | undefined;
afterEach(() => connection?.close());

/** A page connected to the real backend; `calls()` are the calls that reached it since. */
function connect() {
  const since = real.requests.length;
  connection = connectOverInMemoryIpc(real.api);
  return { ...connection, calls: () => real.requests.slice(since) };
}

let notes = 0;
/** A new note's path and version, made straight on the backend (not through the page). */
async function freshNote(title = `Draft ${++notes}`) {
  const note = await real.backend.createNote(title);
  return { path: note.path, version: note.version };
}

describe('the preload API', () => {
  it('exposes exactly the contract methods plus subscribe, each a function named after its method', () => {
    const api = createPreloadApi(createInMemoryIpc().ipcRenderer) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'subscribe'].sort());
    for (const name of methodNames) {
      expect(typeof api[name], name).toBe('function');
      expect((api[name] as () => void).name).toBe(name);
    }
    for (const leak of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync']) expect(api).not.toHaveProperty(leak);
  });

  it('cannot be extended or rewired by the page', () => {
    const api = createPreloadApi(createInMemoryIpc().ipcRenderer);
    expect(Object.isFrozen(api)).toBe(true);
  });
});

describe('calls over IPC', () => {
  it('registers one handler per contract method and removes them all on close', () => {
    const bridge = connectOverInMemoryIpc(real.api);
    expect(bridge.ipc.ipcMain.channels().sort()).toEqual(methodNames.map(channelFor).sort());
    bridge.close();
    expect(bridge.ipc.ipcMain.channels()).toEqual([]);
  });

  it('carry the arguments to the backend and its answer back unchanged', async () => {
    const { api, calls } = connect();
    const request = { path: 'Reading notes.md', markdown: `> ${FIRST_PARAGRAPH}\n`, baseVersion: null };
    const result = await api.saveNote(request);
    expect(calls()).toEqual([{ method: 'saveNote', args: [request] }]);
    const onDisk = await real.backend.readNote('Reading notes.md');
    expect(onDisk.markdown).toBe(request.markdown);
    expect(result).toEqual({ status: 'saved', version: onDisk.version, modified: onDisk.modified });
  });

  it('fill defaults and trim values the way the contract schema says', async () => {
    const { api, calls } = connect();
    const note = await api.createNote('  Field notes  ');
    expect(calls()).toEqual([{ method: 'createNote', args: ['Field notes'] }]);
    expect(note).toMatchObject({ path: 'Field notes.md', title: 'Field notes' });
  });

  it.each([
    ['a note path that is not Markdown', (api: IpcConnection['api']) => api.readNote('../../etc/passwd'), /readNote: a note path ends in \.md/],
    ['a search query that is not text', (api: IpcConnection['api']) => api.search(42 as unknown as string), /search: .*(argument 0)/],
    ['an unknown search option', (api: IpcConnection['api']) => api.search('bedrock', { limit: 5, evil: true } as never), /search: /],
    ['a save request with an extra field', (api: IpcConnection['api']) => api.saveNote({ path: 'a.md', markdown: '', baseVersion: null, mode: 0o777 } as never), /saveNote: /],
    ['a missing argument', (api: IpcConnection['api']) => (api.getSource as () => Promise<unknown>)(), /getSource: /],
    ['too many arguments', (api: IpcConnection['api']) => (api.getLibrary as (x: unknown) => Promise<unknown>)('extra'), /getLibrary: /],
  ])('refuse %s with a readable bad-request error, before the backend sees it', async (_label, call, message) => {
    const { api, calls } = connect();
    const error = await call(api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(message) });
    expect(calls()).toEqual([]);
  });

  it('pass the backend’s own error code and message through', async () => {
    const direct = (await real.backend.readNote('Lost.md').catch((e: unknown) => e)) as ApiError;
    expect(direct).toMatchObject({ code: 'not-found', message: expect.stringContaining('Lost.md') });
    const { api } = connect();
    await expect(api.readNote('Lost.md')).rejects.toMatchObject({ name: 'ApiError', code: 'not-found', message: direct.message });
  });

  it('turn an unexpected backend failure into an internal error without a stack trace', async () => {
    const crash = new Error('EACCES: permission denied, open \'/home/u/library/x.txt\'');
    crash.stack = `${crash.message}\n    at secretFunction (/work/main/main/node/library.ts:12:3)`;
    real.failNext('getLibrary', crash);
    const { api } = connect();
    const error = (await api.getLibrary().catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ code: 'internal', message: expect.stringContaining('getLibrary failed: EACCES') });
    expect(error.message).not.toContain('secretFunction');
    expect(error.message).not.toContain('library.ts:12');
  });

  it('report a malformed reply as an internal error instead of returning it', async () => {
    const ipc = createInMemoryIpc();
    ipc.ipcMain.handle(channelFor('getColors'), () => ({ ok: 'maybe' }) as never);
    const api = createPreloadApi(ipc.ipcRenderer);
    await expect(api.getColors()).rejects.toMatchObject({ code: 'internal' });
  });

  it('leave made-up channels unanswered', async () => {
    const { ipc } = connect();
    await expect(ipc.ipcRenderer.invoke('sourcebook:readFile', '/etc/passwd')).rejects.toThrow(/No handler registered/);
    await expect(ipc.ipcRenderer.invoke('sourcebook:constructor')).rejects.toThrow(/No handler registered/);
  });
});

describe('the sender check on every call', () => {
  const hostileSenders: Array<[string, FakeSender]> = [
    ['an iframe', { sender: OWN_SENDER.sender, senderFrame: { url: 'app://sourcebook/index.html', parent: {} } }],
    ['a file:// page', { sender: OWN_SENDER.sender, senderFrame: { url: 'file:///tmp/evil.html', parent: null } }],
    ['a web page', { sender: OWN_SENDER.sender, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['another webContents', { sender: { id: 99 }, senderFrame: { url: 'app://sourcebook/index.html', parent: null } }],
    ['devtools', { sender: { id: 2 }, senderFrame: { url: 'devtools://devtools/bundled/inspector.html', parent: null } }],
    ['a destroyed frame', { sender: OWN_SENDER.sender, senderFrame: null }],
  ];

  it.each(hostileSenders)('refuses %s with forbidden and never calls the backend', async (_label, sender) => {
    const { api, ipc, calls } = connect();
    const kept = await freshNote();
    ipc.setSender(sender);
    await expect(api.listNotes()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(api.deleteNote(kept.path)).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls()).toEqual([]);
    await expect(real.backend.readNote(kept.path)).resolves.toMatchObject({ version: kept.version });
  });

  it('checks the sender before the arguments, so a hostile page learns nothing about the schema', async () => {
    const { api, ipc } = connect();
    ipc.setSender(hostileSenders[2]![1]);
    await expect(api.readNote('not-a-note.txt')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('treats a sender check that throws as a refusal', async () => {
    const ipc = createInMemoryIpc();
    const { registerNotebookIpc } = await import('../../main/electron-main/ipc-bridge');
    const since = real.requests.length;
    const bridge = registerNotebookIpc(ipc.ipcMain, real.api, () => { throw new Error('frame destroyed'); });
    try {
      await expect(createPreloadApi(ipc.ipcRenderer).listNotes()).rejects.toMatchObject({ code: 'forbidden' });
      expect(real.requests.slice(since)).toEqual([]);
    } finally {
      bridge.close();
    }
  });
});

describe('events over IPC', () => {
  it('arrive at every subscriber as copies, and stop after unsubscribe', async () => {
    const { api, ipc } = connect();
    const first: NotebookEvent[] = [];
    const second: NotebookEvent[] = [];
    const stopFirst = api.subscribe((event) => first.push(event));
    api.subscribe((event) => second.push(event));

    const note = await real.backend.createNote('Heard over IPC');
    await until(() => first.length === 1, 'the note event at the page');
    const sent = real.events.find((e) => e.type === 'notes-changed' && e.changed.includes(note.path))!;
    real.shellEvent({ type: 'menu-command', command: 'quote-to-note' });
    expect(first).toEqual([sent, { type: 'menu-command', command: 'quote-to-note' }]);
    expect(first[0]).not.toBe(sent);

    stopFirst();
    stopFirst();
    await real.backend.createNote('Heard by one');
    // Both listeners hang on the one channel: once the second has it, the first would have too.
    await until(() => second.length === 3, 'the second note event at the page');
    expect(first).toHaveLength(2);
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(1);
  });

  it('give the listener only the event, never the IPC event object', async () => {
    const { api } = connect();
    const received: unknown[][] = [];
    api.subscribe((...args: unknown[]) => received.push(args));
    const note = await real.backend.createNote('Only the event');
    await until(() => received.length === 1, 'the note event at the page');
    const sent = real.events.find((e) => e.type === 'notes-changed' && e.changed.includes(note.path));
    expect(received).toEqual([[sent]]);
  });

  it('stop flowing from the backend when the connection closes', () => {
    const before = real.subscribers();
    connect();
    expect(real.subscribers()).toBe(before + 1);
    connection!.close();
    expect(real.subscribers()).toBe(before);
  });

  it('refuse a listener that is not a function', () => {
    const { api } = connect();
    expect(() => api.subscribe('alert(1)' as never)).toThrow(ApiError);
  });
});

describe('waiting for the renderer to finish saving', () => {
  // Vitest's clock: "not idle yet" is checked at an exact moment of the bridge's own time, not after a sleep.
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('resolves only after a slow save has been answered', async () => {
    const draft = await freshNote();
    const { api, bridge } = connect();
    const finishSave = real.hold('saveNote');
    const saving = api.saveNote({ path: draft.path, markdown: FIRST_PARAGRAPH, baseVersion: draft.version });
    await vi.advanceTimersByTimeAsync(0);
    expect(bridge.inFlight()).toBe(1);
    let idle: boolean | undefined;
    const waiting = bridge.whenIdle(20, 2000).then((quiet) => { idle = quiet; });
    await vi.advanceTimersByTimeAsync(1000);
    expect(idle).toBeUndefined();
    finishSave();
    await expect(saving).resolves.toMatchObject({ status: 'saved' });
    await vi.advanceTimersByTimeAsync(19);
    expect(idle).toBeUndefined(); // quiet for less than 20 ms so far
    await vi.advanceTimersByTimeAsync(30);
    await waiting;
    expect(idle).toBe(true);
  });

  it('waits for a save that arrives shortly after it was asked, even when the bridge had long been idle', async () => {
    const { api, bridge } = connect();
    const draft = await freshNote();
    const first = await api.saveNote({ path: draft.path, markdown: 'earlier', baseVersion: draft.version });
    if (first.status !== 'saved') throw new Error('the first save was refused');
    await vi.advanceTimersByTimeAsync(1000); // quiet for far longer than the 200 ms asked for
    let idle: boolean | undefined;
    const waiting = bridge.whenIdle(200, 2000).then((quiet) => { idle = quiet; });
    await vi.advanceTimersByTimeAsync(20);
    expect(idle).toBeUndefined();
    await expect(api.saveNote({ path: draft.path, markdown: FIRST_PARAGRAPH, baseVersion: first.version })).resolves.toMatchObject({ status: 'saved' });
    await vi.advanceTimersByTimeAsync(190);
    expect(idle).toBeUndefined(); // 200 ms of quiet are counted from the last save's answer
    await vi.advanceTimersByTimeAsync(50);
    await waiting;
    expect(idle).toBe(true);
  });

  it('gives up after the time limit when a call never ends', async () => {
    const { api, bridge } = connect();
    const release = real.hold('checkQuotes');
    onTestFinished(release);
    void api.checkQuotes();
    await vi.advanceTimersByTimeAsync(0);
    let idle: boolean | undefined;
    const waiting = bridge.whenIdle(10, 80).then((quiet) => { idle = quiet; });
    await vi.advanceTimersByTimeAsync(70);
    expect(idle).toBeUndefined();
    await vi.advanceTimersByTimeAsync(40);
    await waiting;
    expect(idle).toBe(false);
  });
});
