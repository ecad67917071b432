import { isAppUrl } from './app-origin';

/** The part of Electron's `WebFrameMain` the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  /** `null` for a main frame; a frame object for subframes (iframes). */
  readonly parent: unknown;
}

/** The part of an `IpcMainInvokeEvent` the sender check reads. */
export interface IpcSenderEventLike {
  readonly sender: { readonly id: number };
  /** Electron gives `null` when the frame navigated away or was destroyed before the message arrived. */
  readonly senderFrame: SenderFrameLike | null | undefined;
}

/**
 * Decides whether an IPC message may reach the backend: only the main frame of one of our own
 * windows, currently showing a page of our own origin. Rejects messages from other windows
 * (e.g. devtools, which have their own webContents and a `devtools://` URL), from subframes, from
 * pages that navigated elsewhere (`file://`, `https://…`), and from frames Electron no longer knows.
 *
 * `ownWebContentsIds` is read on every call so that a re-created window is accepted at once.
 */
export function isAllowedSender(event: IpcSenderEventLike | null | undefined, ownWebContentsIds: ReadonlySet<number>): boolean {
  if (!event || typeof event !== 'object') return false;
  if (!event.sender || !ownWebContentsIds.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Binds the window registry to the check, giving the `(event) => boolean` the IPC bridge takes. */
export function createSenderCheck(ownWebContentsIds: ReadonlySet<number>): (event: IpcSenderEventLike) => boolean {
  return (event) => isAllowedSender(event, ownWebContentsIds);
}
