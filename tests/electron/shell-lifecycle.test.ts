import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../main/common/contract/api';
import type { NotebookApi, NotebookEvent } from '../../main/common/contract/api';
import { BEFORE_CLOSE_COMMAND, guardWindowClose } from '../../main/electron-main/close-guard';
import { deferredApi } from '../../main/electron-main/deferred-api';
import { createFakeBackend } from './fake-backend';
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

/** One turn of the event loop: whatever the last step queued has run (an ordering barrier, not a wait for time). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('closing the window', () => {
  it('asks the renderer to save, waits for the save to finish, then closes', async () => {
    let finishSave: () => void = () => {};
    const backend = createFakeBackend({ saveNote: () => new Promise((resolve) => { finishSave = () => resolve({ status: 'saved' }); }) });
    const { api, bridge } = connectOverInMemoryIpc(backend.api);
    const win = new FakeWindow();
    const flushRequests: string[] = [];
    // The renderer's side: on before-close it saves the open note.
    api.subscribe((event) => {
      if (event.type === 'menu-command' && event.command === BEFORE_CLOSE_COMMAND) {
        flushRequests.push(event.command);
        void api.saveNote({ path: 'Draft.md', markdown: 'the last keystrokes', baseVersion: 'v1' });
      }
    });
    guardWindowClose(win, {
      requestFlush: () => backend.emit({ type: 'menu-command', command: BEFORE_CLOSE_COMMAND }),
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
      await vi.advanceTimersByTimeAsync(50);
      expect(win.isDestroyed()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(win.closedFor).toBe(1);
    expect(backend.calls.map((c) => c.args[0])).toEqual([{ path: 'Draft.md', markdown: 'the last keystrokes', baseVersion: 'v1' }]);
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
    const backend = createFakeBackend({ listNotes: async () => [{ path: 'Ideas.md', title: 'Ideas', modified: 1, bytes: 5 }] });
    const api = deferredApi(new Promise((resolve) => { open = resolve; }));
    const events: NotebookEvent[] = [];
    api.subscribe((event) => events.push(event));
    const notes = api.listNotes();
    await turn();
    expect(backend.calls).toEqual([]);
    open(backend.api);
    await expect(notes).resolves.toEqual([{ path: 'Ideas.md', title: 'Ideas', modified: 1, bytes: 5 }]);
    const event = { type: 'notes-changed' as const, changed: ['Ideas.md'], removed: [], external: true, annotations: [] };
    backend.emit(event);
    expect(events).toEqual([event]);
  });

  it('does not attach a subscription that was cancelled before the backend arrived', async () => {
    const backend = createFakeBackend();
    let open: (api: NotebookApi) => void = () => {};
    const api = deferredApi(new Promise((resolve) => { open = resolve; }));
    const stop = api.subscribe(() => {});
    stop();
    open(backend.api);
    await turn();
    expect(backend.listenerCount()).toBe(0);
  });

  it('explains on every call why the notebook could not be opened', async () => {
    const api = deferredApi(Promise.reject(new Error("EACCES: permission denied, mkdir '/home/ada/Documents/Sourcebook Notebook'")));
    const error = await api.getLibrary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringContaining('The notebook could not be opened: EACCES') });
    await expect(api.listNotes()).rejects.toMatchObject({ code: 'internal' });
  });
});
