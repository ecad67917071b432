/** The part of a BrowserWindow the close guard uses. */
export interface ClosableWindowLike {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
}

export interface CloseGuardOptions {
  /** Asks the renderer to save now (main.ts sends the `before-close` menu-command). */
  requestFlush(): void;
  /** Resolves when the renderer's calls have settled (the IPC bridge's `whenIdle`). */
  waitForIdle(): Promise<unknown>;
}

export { BEFORE_CLOSE_COMMAND } from '../common/commands';

/**
 * Gives the renderer a chance to flush its autosave before the window goes away: the first close
 * is held back, the renderer is asked to save, and once its calls to the backend have settled
 * (or the wait gave up) the window is closed for real. A second close request while waiting does
 * not ask again. Saving cannot simply be left to `beforeunload`: IPC sent from a page that is
 * being torn down arrives without a sender frame and the sender check rightly refuses it.
 */
export function guardWindowClose(win: ClosableWindowLike, options: CloseGuardOptions): void {
  let state: 'open' | 'flushing' | 'flushed' = 'open';
  win.on('close', (event) => {
    if (state === 'flushed') return;
    event.preventDefault();
    if (state === 'flushing') return;
    state = 'flushing';
    options.requestFlush();
    void options
      .waitForIdle()
      .catch(() => undefined)
      .then(() => {
        state = 'flushed';
        if (!win.isDestroyed()) win.close();
      });
  });
}
