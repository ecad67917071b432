/**
 * Server-sent events over a streaming fetch, so the request can carry the token header
 * (EventSource cannot send headers, and the token is never a cookie). Reconnects after a
 * dropped connection, with a growing pause, until closed.
 */
export interface EventStream {
  close(): void;
}

export function openEventStream(
  url: string,
  headers: () => Promise<Record<string, string>>,
  onData: (data: string) => void,
): EventStream {
  const controller = new AbortController();
  let pause = 500;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(url, { headers: await headers(), signal: controller.signal, credentials: 'omit', cache: 'no-store' });
        if (response.ok && response.body) {
          pause = 500;
          await readFrames(response.body, onData);
        } else if (response.status === 403) {
          return; // A wrong token stays wrong; the calls show the reason.
        }
      } catch {
        // Dropped or refused: try again below.
      }
      if (controller.signal.aborted) return;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  };
  void run();
  return { close: () => controller.abort() };
}

async function readFrames(body: ReadableStream<Uint8Array>, onData: (data: string) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n');
      if (data) onData(data);
    }
  }
}
