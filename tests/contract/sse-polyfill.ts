import { TOKEN_HEADER } from '../../main/common/transport/http-protocol';

/**
 * Node 20 has fetch but no EventSource: a minimal one over a streaming fetch, enough for the
 * contract suite to receive server-sent events the way the page does.
 */
export function installEventSource(token: string): () => void {
  const previous = (globalThis as { EventSource?: unknown }).EventSource;
  class NodeEventSource {
    onmessage: ((m: { data: string }) => void) | null = null;
    private readonly controller = new AbortController();
    constructor(url: string) {
      void this.run(url);
    }
    private async run(url: string) {
      try {
        const response = await fetch(url, { headers: { [TOKEN_HEADER]: token }, signal: this.controller.signal });
        const reader = response.body!.getReader();
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
            const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (data) this.onmessage?.({ data });
          }
        }
      } catch {
        // Closed: the abort ends the stream.
      }
    }
    close() {
      this.controller.abort();
    }
  }
  (globalThis as { EventSource?: unknown }).EventSource = NodeEventSource;
  return () => { (globalThis as { EventSource?: unknown }).EventSource = previous; };
}
