import { methodNames, parseArgs } from '../common/contract/api';
import { toPublicError } from '../common/transport/error-envelope';
import type { MethodName, NotebookApi, NotebookEvent, Unsubscribe } from '../common/contract/api';
import { channelFor, EVENT_CHANNEL } from '../common/transport/ipc-protocol';
import type { IpcReply, WireError } from '../common/transport/ipc-protocol';

/** The part of Electron's `ipcMain` the bridge uses. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<IpcReply> | IpcReply): void;
  removeHandler(channel: string): void;
}

/** A live bridge: `close()` removes the handlers; `whenIdle()` serves the close-the-window flush. */
export interface NotebookIpc {
  /** Calls that have been received and not yet answered. */
  inFlight(): number;
  /**
   * Resolves once no call has been in flight for `quietMs` (counted from this call at the
   * earliest, so calls that are about to arrive are waited for), or after `maxMs` at the latest;
   * `true` when it became quiet, `false` when it gave up.
   */
  whenIdle(quietMs: number, maxMs: number): Promise<boolean>;
  close(): void;
}

/**
 * Registers one `ipcMain.handle` per contract method on `sourcebook:<method>`. Each call is checked
 * in order: the sender (`isAllowedSender`, see policies/sender.ts), then the arguments against the
 * contract's schema (`parseArgs`), and only then reaches `api`. Every outcome is an `IpcReply`
 * envelope; failures carry `{code, message}` and never a stack trace.
 */
export function registerNotebookIpc<E>(
  ipcMain: IpcMainLike<E>,
  api: NotebookApi,
  isAllowedSender: (event: E) => boolean,
): NotebookIpc {
  let inFlight = 0;
  let lastSettled = Date.now();
  for (const name of methodNames) {
    ipcMain.handle(channelFor(name), async (event, ...args) => {
      inFlight++;
      try {
        if (!safeCheck(isAllowedSender, event)) {
          return failure({ code: 'forbidden', message: `${name}: refused, the call did not come from the Sourcebook window` });
        }
        const parsed = parseArgs(name, args) as unknown[];
        const method = api[name] as (...a: unknown[]) => Promise<unknown>;
        return { ok: true, value: await method.apply(api, parsed) };
      } catch (error) {
        return failure(toWireError(name, error));
      } finally {
        inFlight--;
        lastSettled = Date.now();
      }
    });
  }
  return {
    inFlight: () => inFlight,
    whenIdle: (quietMs, maxMs) =>
      new Promise((resolve) => {
        const asked = Date.now();
        const deadline = asked + maxMs;
        const poll = () => {
          const now = Date.now();
          if (inFlight === 0 && now - Math.max(lastSettled, asked) >= quietMs) return resolve(true);
          if (now >= deadline) return resolve(false);
          setTimeout(poll, Math.min(25, quietMs));
        };
        poll();
      }),
    close: () => {
      for (const name of methodNames) ipcMain.removeHandler(channelFor(name));
    },
  };
}

/**
 * Forwards every backend event to the renderer on `sourcebook:event`. `send` is typically
 * `(channel, event) => win.webContents.send(channel, event)`; returns the unsubscribe function.
 */
export function forwardNotebookEvents(
  api: Pick<NotebookApi, 'subscribe'>,
  send: (channel: string, event: NotebookEvent) => void,
): Unsubscribe {
  return api.subscribe((event) => send(EVENT_CHANNEL, event));
}

/** Turns anything thrown by validation or the backend into a wire error without its stack or absolute paths. */
export function toWireError(name: MethodName, error: unknown): WireError {
  return toPublicError(name, error);
}

function safeCheck<E>(check: (event: E) => boolean, event: E): boolean {
  try {
    return check(event) === true;
  } catch {
    return false;
  }
}

function failure(error: WireError): IpcReply {
  return { ok: false, error: { code: error.code, message: error.message } };
}
