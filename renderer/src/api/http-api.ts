import {
  ApiError, ApiErrorShape, methodNames, NotebookEvent,
  type ApiErrorCode, type NotebookApi, type MethodName,
} from '../../../main/common/contract';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../../../main/common/transport/http-protocol';
import { openEventStream, type EventStream } from './event-stream';

/** Browsers cap keepalive request bodies at 64 KiB in total; stay under it with room to spare. */
const KEEPALIVE_LIMIT = 60_000;
const utf8 = new TextEncoder();

export interface HttpApiOptions {
  /** Origin of the server; the page's own by default. */
  base?: string;
  /** The launch token (the page's comes from pageToken(); tests and scripts pass it directly). */
  token: string | null | Promise<string | null>;
}

const NO_TOKEN = 'this tab has no key for the Sourcebook server: open the address `sourcebook serve` printed (it ends in ?token=…)';

/**
 * The NotebookApi over the loopback server (browser mode). Every call and the event stream send
 * the token in a header; the browser sends no cookie and no credential of its own.
 */
export function createHttpApi({ base = '', token }: HttpApiOptions): NotebookApi {
  const tokenPromise = Promise.resolve(token);
  const auth = async (): Promise<Record<string, string>> => {
    const t = await tokenPromise;
    if (!t) throw new ApiError('forbidden', NO_TOKEN);
    return { [TOKEN_HEADER]: t };
  };
  const call = async (name: MethodName, args: unknown[]) => {
    const payload = JSON.stringify(args);
    const response = await fetch(`${base}${API_PREFIX}${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await auth()) },
      credentials: 'omit',
      body: payload,
      // A save sent while the page is being closed must outlive the page; browsers allow that for small bodies.
      // Not a search: one goes out at every key, nothing needs it once the page is gone, and the
      // browser's keepalive budget (64 KiB in flight in all) is kept for the saves.
      keepalive: name !== 'search' && payload.length < KEEPALIVE_LIMIT && utf8.encode(payload).length < KEEPALIVE_LIMIT,
    });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = ApiErrorShape.safeParse((body as { error?: unknown } | null)?.error);
      if (parsed.success) throw new ApiError(parsed.data.code as ApiErrorCode, parsed.data.message);
      throw new ApiError('internal', `${name} failed: HTTP ${response.status}`);
    }
    return (body as { result: unknown }).result;
  };
  const api = Object.fromEntries(
    methodNames.map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as unknown as NotebookApi;

  const listeners = new Set<(e: NotebookEvent) => void>();
  let stream: EventStream | null = null;
  api.subscribe = (listener) => {
    listeners.add(listener);
    stream ??= openEventStream(`${base}${EVENTS_PATH}`, auth, (raw) => {
      let data: unknown;
      try { data = JSON.parse(raw); } catch { return; }
      const event = NotebookEvent.safeParse(data);
      if (event.success) for (const l of listeners) l(event.data);
    });
    return () => {
      listeners.delete(listener);
      if (!listeners.size && stream) { stream.close(); stream = null; }
    };
  };
  return api;
}
