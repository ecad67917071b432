import { isAppUrl } from './app-origin';
import { isAllowedSender } from './sender';
import type { SenderFrameLike } from './sender';

/** What Electron's session `will-download` event tells us about a download, reduced to what we read. */
export interface DownloadRequest {
  /** `item.getURL()`. */
  readonly url: unknown;
  /** `item.getURLChain()`: the URL and any redirects that led to it. */
  readonly urlChain: readonly unknown[];
  /** `item.getFilename()`: the name from the `download` attribute, as Chromium suggests it. */
  readonly suggestedName: unknown;
  /** The webContents the download happens in. */
  readonly webContents: { readonly id: number };
  /** The frame that started it; Electron gives `null` once that frame is gone. */
  readonly frame: SenderFrameLike | null | undefined;
}

export type DownloadDecision =
  /** Let Electron show the native save dialog, proposing `fileName`. */
  | { readonly action: 'ask'; readonly fileName: string }
  | { readonly action: 'cancel' };

// Chromium names blob URLs `blob:<origin>/<uuid>` with a lower-case random UUID.
const BLOB_PATH = /^\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Whitespace or control characters never occur in a URL Chromium made; the URL parser would
// silently drop some of them, so refuse instead of guessing.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/u;
const BLOB_PREFIX = 'blob:';

/**
 * True for a blob URL our own page made: `blob:app://sourcebook/<uuid>`, nothing before, after
 * (query, fragment) or inside (credentials, port) it. Blobs of other origins, including the opaque
 * `blob:null/…` of a sandboxed or `data:` document, are refused.
 */
export function isOwnBlobUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 200 || CONTROL_OR_SPACE.test(raw)) return false;
  if (raw.slice(0, BLOB_PREFIX.length).toLowerCase() !== BLOB_PREFIX) return false;
  const inner = raw.slice(BLOB_PREFIX.length);
  if (!isAppUrl(inner)) return false;
  const url = new URL(inner);
  return url.search === '' && url.hash === '' && BLOB_PATH.test(url.pathname);
}

/**
 * The download policy. The app itself only ever downloads the exports it builds in the page
 * (a Blob behind an `<a download>`), so a download goes ahead — to the native save dialog, never
 * silently to disk — only when its URL, and every URL in its chain, is a blob of our own origin
 * and it was started by the main frame of one of our windows showing our own page (the IPC sender
 * check). Everything else is cancelled: `http(s)`, `file:`, `data:`, `javascript:`, blobs of
 * other origins, downloads from devtools, subframes or frames Electron no longer knows.
 */
export function decideDownload(request: DownloadRequest | null | undefined, ownWebContentsIds: ReadonlySet<number>): DownloadDecision {
  if (!request || typeof request !== 'object') return { action: 'cancel' };
  if (!isAllowedSender({ sender: request.webContents, senderFrame: request.frame }, ownWebContentsIds)) return { action: 'cancel' };
  if (!isOwnBlobUrl(request.url)) return { action: 'cancel' };
  if (!Array.isArray(request.urlChain) || !request.urlChain.every(isOwnBlobUrl)) return { action: 'cancel' };
  return { action: 'ask', fileName: safeDownloadName(request.suggestedName) };
}

/**
 * The name proposed in the save dialog, joined to the Documents folder: a single file name that
 * cannot climb out of it (`..`, separators) or hide (a leading dot), whatever the page asked for.
 */
export function safeDownloadName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw : '';
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120)
    .trim();
  return cleaned === '' ? 'export' : cleaned;
}
