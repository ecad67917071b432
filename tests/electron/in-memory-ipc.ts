/**
 * An in-memory stand-in for Electron's ipcMain / ipcRenderer pair, faithful where it matters for
 * the contract: every argument, reply and event is copied with `structuredClone` (so functions,
 * class prototypes and shared references do not survive, as over real IPC), handlers are
 * registered per channel and an unknown channel rejects, and each call carries a sender whose
 * frame can be set to play a hostile page.
 *
 * `connectOverInMemoryIpc(api)` is the one-liner for contract suites: it wires the real bridge
 * (main/electron-main/ipc-bridge.ts) and the real preload (main/electron-sandbox/preload-api.ts)
 * around `api` and returns what the page would see as `window.sourcebook`.
 */
import { forwardNotebookEvents, registerNotebookIpc } from '../../main/electron-main/ipc-bridge';
import type { IpcMainLike, NotebookIpc } from '../../main/electron-main/ipc-bridge';
import { APP_ENTRY_URL } from '../../main/electron-main/policies/app-origin';
import { createSenderCheck } from '../../main/electron-main/policies/sender';
import type { IpcSenderEventLike, SenderFrameLike } from '../../main/electron-main/policies/sender';
import type { IpcReply } from '../../main/common/transport/ipc-protocol';
import { createPreloadApi } from '../../main/electron-sandbox/preload-api';
import type { IpcRendererLike } from '../../main/electron-sandbox/preload-api';
import type { NotebookApi } from '../../main/common/contract/api';

export interface FakeSender extends IpcSenderEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: SenderFrameLike | null | undefined;
}

type Handler = (event: FakeSender, ...args: unknown[]) => Promise<IpcReply> | IpcReply;
type Listener = (event: unknown, ...args: unknown[]) => void;

/** The webContents id of the pretend window; the sender check in `connectOverInMemoryIpc` trusts it. */
export const OWN_WEB_CONTENTS_ID = 1;
/** A sender exactly like our window's main frame. */
export const OWN_SENDER: FakeSender = { sender: { id: OWN_WEB_CONTENTS_ID }, senderFrame: { url: APP_ENTRY_URL, parent: null } };

export interface InMemoryIpc {
  readonly ipcMain: IpcMainLike<FakeSender> & { channels(): string[] };
  readonly ipcRenderer: IpcRendererLike;
  /** What `webContents.send(channel, payload)` does: delivers a cloned payload to renderer listeners. */
  sendToRenderer(channel: string, payload: unknown): void;
  /** Changes who the following calls appear to come from. */
  setSender(sender: FakeSender): void;
  /** Number of renderer listeners on a channel (to check that unsubscribe really detaches). */
  listenerCount(channel: string): number;
}

export function createInMemoryIpc(initialSender: FakeSender = OWN_SENDER): InMemoryIpc {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<Listener>>();
  let sender = initialSender;
  const rendererEvent = { sender: 'ipcRenderer (never exposed to the page)' };

  return {
    ipcMain: {
      handle(channel, listener) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler(channel) {
        handlers.delete(channel);
      },
      channels: () => [...handlers.keys()],
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        const reply = await handler(sender, ...structuredClone(args));
        return structuredClone(reply);
      },
      on(channel, listener) {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
    sendToRenderer(channel, payload) {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(rendererEvent, structuredClone(payload));
    },
    setSender(next) {
      sender = next;
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

export interface IpcConnection {
  /** What the page sees as `window.sourcebook`. */
  readonly api: NotebookApi;
  readonly ipc: InMemoryIpc;
  readonly bridge: NotebookIpc;
  /** Removes the handlers and stops forwarding events. */
  close(): void;
}

/** Serves `backend` over the in-memory pair exactly as main.ts does over Electron's IPC. */
export function connectOverInMemoryIpc(backend: NotebookApi): IpcConnection {
  const ipc = createInMemoryIpc();
  const bridge = registerNotebookIpc(ipc.ipcMain, backend, createSenderCheck(new Set([OWN_WEB_CONTENTS_ID])));
  const stopEvents = forwardNotebookEvents(backend, (channel, event) => ipc.sendToRenderer(channel, event));
  return {
    api: createPreloadApi(ipc.ipcRenderer),
    ipc,
    bridge,
    close() {
      stopEvents();
      bridge.close();
    },
  };
}
