/**
 * The reader as the app shell mounts it, on the real backend with a copy of the sample library:
 * what it asks of the notes pane (a sibling view, not the backend) is logged in `asked`, what it
 * tells the user in `messages`.
 */
import type { QuoteBlock } from '../../main/common/markdown/quote-link';
import { Reader } from '../../renderer/src/reader/reader';
import { openRealBackend, type RealBackend, type RealBackendOptions } from '../support/real-backend';

export interface MountedReader {
  real: RealBackend;
  reader: Reader;
  /** What the reader asked the notes pane to do. */
  asked: { openNote: Array<[string, string | undefined]>; insertQuote: QuoteBlock[] };
  messages: string[];
}

const mounted: MountedReader[] = [];

/** Creates a reader on the real backend, appended to the document body; `searchFor` receives the searches it starts (tag links). */
export async function mountReader(options: RealBackendOptions & { searchFor?: (q: string) => void } = {}): Promise<MountedReader> {
  const { searchFor, ...backendOptions } = options;
  const real = await openRealBackend({ library: 'seeds', ...backendOptions });
  const asked: MountedReader['asked'] = { openNote: [], insertQuote: [] };
  const messages: string[] = [];
  const reader = new Reader({
    api: real.api,
    openNote: (p, id) => void asked.openNote.push([p, id]),
    insertQuote: async (q) => void asked.insertQuote.push(q),
    notify: (m) => messages.push(m),
    quoteShortcut: 'Ctrl+Shift+Q',
    ...(searchFor ? { searchFor } : {}),
  });
  document.body.appendChild(reader.element);
  const handle = { real, reader, asked, messages };
  mounted.push(handle);
  return handle;
}

/** Disposes every reader a test mounted and closes its backend (call from afterEach). */
export async function unmountReaders(): Promise<void> {
  for (const { reader, real } of mounted.splice(0)) {
    reader.dispose();
    reader.element.remove();
    await real.close();
  }
}
