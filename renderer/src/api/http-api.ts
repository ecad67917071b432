import {
  ApiError, ApiErrorShape, methodNames, NotebookEvent,
  type ApiErrorCode, type NotebookApi, type MethodName,
} from '../../../main/common/contract';
import { API_PREFIX, EVENTS_PATH, TOKEN_HEADER } from '../../../main/common/transport/http-protocol';

/** Browsers cap keepalive request bodies at 64 KiB in total; stay under it with room to spare. */
const KEEPALIVE_LIMIT = 60_000;
const utf8 = new TextEncoder();

export interface HttpApiOptions {
  /** Origin of the server; the page's own by default. */
  base?: string;
  /** The launch token, for callers without the page's cookie (tests, scripts). */
  token?: string;
}

/** The NotebookApi over the loopback server (browser mode). In the page, auth rides on the same-origin cookie. */
export function createHttpApi({ base = '', token }: HttpApiOptions = {}): NotebookApi {
  const auth: Record<string, string> = token ? { [TOKEN_HEADER]: token } : {};
  const call = async (name: MethodName, args: unknown[]) => {
    const payload = JSON.stringify(args);
    const response = await fetch(`${base}${API_PREFIX}${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      credentials: 'same-origin',
      body: payload,
      // A save sent while the page is being closed must outlive the page; browsers allow that for small bodies.
      keepalive: payload.length < KEEPALIVE_LIMIT && utf8.encode(payload).length < KEEPALIVE_LIMIT,
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
  let source: EventSource | null = null;
  api.subscribe = (listener) => {
    listeners.add(listener);
    if (!source) {
      source = new EventSource(`${base}${EVENTS_PATH}`, { withCredentials: true });
      source.onmessage = (message) => {
        let data: unknown;
        try { data = JSON.parse(String(message.data)); } catch { return; }
        const event = NotebookEvent.safeParse(data);
        if (event.success) for (const l of listeners) l(event.data);
      };
    }
    return () => {
      listeners.delete(listener);
      if (!listeners.size && source) { source.close(); source = null; }
    };
  };
  return api;
}
