import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../main/common/contract/api';
import type { NotebookApi, NotebookEvent } from '../../main/common/contract/api';
import { BEFORE_CLOSE_COMMAND, guardWindowClose } from '../../main/electron-main/close-guard';
import { deferredApi } from '../../main/electron-main/deferred-api';
import { openRealBackend, type RealBackend } from '../support/real-backend';
import { until } from '../support/until';
import { connectOverInMemoryIpc } from './in-memory-ipc';

class FakeWindow extends EventEmitter {
  destroyed = false;
  closedFor = 0;
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (!prevented) {
      this.closedFor++;
      this.destroyed = true;
    }
  }
  isDestroyed() {
    return this.destroyed;
  }
}

let real: RealBackend;
beforeAll(async () => { real = await openRealBackend({ notes: { 'Ideas.md': '# Ideas\n' } }); });
afterAll(async () => { await real?.close(); });

/** One turn of the event loop: whatever the last step queued has run (an ordering barrier, not a wait for time). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('closing the window', () => {
  it('asks the renderer to save, waits for the save to finish, then closes', async () => {
    const draft = await real.backend.createNote('Draft');
    const { api, bridge, close } = connectOverInMemoryIpc(real.api);
    const since = real.requests.length;
    const finishSave = real.hold('saveNote');
    const win = new FakeWindow();
    const flushRequests: string[] = [];
    let saving: Promise<unknown> | undefined;
    // The renderer's side: on before-close it saves the open note.
    api.subscribe((event) => {
      if (event.type === 'menu-command' && event.command === BEFORE_CLOSE_COMMAND) {
        flushRequests.push(event.command);
        saving = api.saveNote({ path: draft.path, markdown: 'the last keystrokes', baseVersion: draft.version });
      }
    });
    guardWindowClose(win, {
      // What main.ts does: the shell, not the backend, sends the page this command.
      requestFlush: () => real.shellEvent({ type: 'menu-command', command: BEFORE_CLOSE_COMMAND }),
      waitForIdle: () => bridge.whenIdle(20, 2000),
    });

    vi.useFakeTimers(); // the wait for the save is measured on Vitest's clock, not slept through
    try {
      win.close();
      win.close();
      expect(win.isDestroyed()).toBe(false);
      await vi.advanceTimersByTimeAsync(1500); // far past the 20 ms of quiet asked for, short of the 2 s limit
      expect(win.isDestroyed()).toBe(false);
      expect(flushRequests).toEqual([BEFORE_CLOSE_COMMAND]);
      finishSave();
      await expect(saving).resolves.toMatchObject({ status: 'saved' });
      await vi.advanceTimersByTimeAsync(50);
      expect(win.isDestroyed()).toBe(true);
    } finally {
      vi.useRealTimers();
      close();
    }
    expect(win.closedFor).toBe(1);
    expect(real.requests.slice(since)).toEqual([{ method: 'saveNote', args: [{ path: draft.path, markdown: 'the last keystrokes', baseVersion: draft.version }] }]);
    expect(await real.markdown(draft.path)).toBe('the last keystrokes');
  });

  it('still closes when waiting fails', async () => {
    const win = new FakeWindow();
    guardWindowClose(win, { requestFlush: () => {}, waitForIdle: () => Promise.reject(new Error('bridge gone')) });
    win.close();
    await vi.waitFor(() => expect(win.isDestroyed()).toBe(true));
  });
});

describe('the API while the backend is still opening', () => {
  it('holds calls and early subscriptions until the backend is ready', async () => {
    let open: (api: NotebookApi) => void = () => {};
    const api = deferredApi(new Promise((resolve) => { open = resolve; }));
    const events: NotebookEvent[] = [];
    const stop = api.subscribe((event) => events.push(event));
    const since = real.requests.length;
    const notes = api.listNotes();
    await turn();
    expect(real.requests.slice(since)).toEqual([]);
    open(real.api);
    await expect(notes).resolves.toEqual(await real.backend.listNotes());
    expect((await notes).map((n) => n.path)).toContain('Ideas.md');
    const made = await real.backend.createNote('Heard after opening');
    await until(() => events.length > 0, 'the note event');
    expect(events).toEqual([{ type: 'notes-changed', changed: [made.path], removed: [], external: false, annotations: [] }]);
    stop();
  });

  it('does not attach a subscription that was cancelled before the backend arrived', async () => {
    let open: (api: NotebookApi) => void = () => {};
    const api = deferredApi(new Promise((resolve) => { open = resolve; }));
    const before = real.subscribers();
    const stop = api.subscribe(() => {});
    stop();
    open(real.api);
    await turn();
    expect(real.subscribers()).toBe(before);
  });

  it('explains on every call why the notebook could not be opened', async () => {
    const api = deferredApi(Promise.reject(new Error("EACCES: permission denied, mkdir '/home/ada/Documents/Sourcebook Notebook'")));
    const error = await api.getLibrary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringContaining('The notebook could not be opened: EACCES') });
    await expect(api.listNotes()).rejects.toMatchObject({ code: 'internal' });
  });
});
