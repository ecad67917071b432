import { ApiError, ApiErrorShape, methodNames } from '../common/contract/api';
import type { MethodName, NotebookApi, NotebookEvent, Unsubscribe } from '../common/contract/api';
import { channelFor, EVENT_CHANNEL } from '../common/transport/ipc-protocol';
import type { IpcReply } from '../common/transport/ipc-protocol';

/** The part of Electron's `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Builds the object the preload exposes as `window.sourcebook`: one named async function per
 * contract method (and nothing else that reaches IPC: there is no generic `invoke(channel)`), plus
 * `subscribe(listener)` for backend and menu events. A rejected call throws `ApiError` with the
 * code and message the main process sent.
 *
 * In real Electron, `contextBridge` copies thrown errors into the page as plain `Error`s that keep
 * only the message; the message is therefore written to be shown to people as it is.
 */
export function createPreloadApi(ipc: IpcRendererLike): NotebookApi {
  const api: Record<string, unknown> = {};
  for (const name of methodNames) api[name] = namedMethod(name, ipc);
  api.subscribe = (listener: (event: NotebookEvent) => void): Unsubscribe => {
    if (typeof listener !== 'function') throw new ApiError('bad-request', 'subscribe: the listener must be a function');
    // The IpcRendererEvent (which holds ipcRenderer itself) never reaches the page: only the payload.
    const onMessage = (_event: unknown, payload: unknown) => listener(payload as NotebookEvent);
    ipc.on(EVENT_CHANNEL, onMessage);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(EVENT_CHANNEL, onMessage);
    };
  };
  return Object.freeze(api) as unknown as NotebookApi;
}

function namedMethod(name: MethodName, ipc: IpcRendererLike): AnyMethod {
  const channel = channelFor(name);
  // A computed key gives the function the method's own name (visible in stack traces and tests).
  const holder: Record<string, AnyMethod> = {
    [name]: async (...args: unknown[]) => unwrapReply(name, await ipc.invoke(channel, ...args)),
  };
  return holder[name]!;
}

function unwrapReply(name: MethodName, reply: unknown): unknown {
  const envelope = reply as Partial<IpcReply> | null;
  if (envelope && envelope.ok === true) return (envelope as { value: unknown }).value;
  if (envelope && envelope.ok === false) {
    const error = ApiErrorShape.safeParse((envelope as { error: unknown }).error);
    if (error.success) throw new ApiError(error.data.code, error.data.message);
  }
  throw new ApiError('internal', `${name}: the main process sent a reply the preload does not understand`);
}
