/**
 * The wire format between the preload and the main process, shared by both sides (and by the
 * in-memory IPC pair the tests use). Electron-free.
 *
 * Each contract method has its own channel, `sourcebook:<method>`, so the main process registers
 * exactly the contract's handlers and nothing answers a made-up channel. Replies are envelopes
 * rather than thrown errors because Electron turns an error thrown in `ipcMain.handle` into a
 * message-only string ("Error invoking remote method …"), which would lose the error code.
 */
import type { ApiErrorCode, MethodName } from '../contract/api';

export const CHANNEL_PREFIX = 'sourcebook:';
/** Main → renderer: one `NotebookEvent` per message. */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;

/** The invoke channel of one contract method. */
export function channelFor(method: MethodName): string {
  return `${CHANNEL_PREFIX}${method}`;
}

/** The error part of a reply: a stable code and a message for people; never a stack trace. */
export interface WireError {
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** What every `sourcebook:<method>` handler resolves to. */
export type IpcReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: WireError };
