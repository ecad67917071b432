/**
 * The reader as the app shell mounts it, on a fake API and fake notes pane, for the renderer tests:
 * what it asks of the notes pane is logged in `notes.controller.log`, what it tells the user in
 * `messages`.
 */
import { Reader } from '../../renderer/src/reader/reader';
import { fakeNotes, type FakeApi } from './app-fake-api';

/** Creates a reader on `api`, appended to the document body; `searchFor` receives the searches it starts (tag links). */
export function mountReader(api: FakeApi, searchFor?: (q: string) => void) {
  const notes = fakeNotes();
  const messages: string[] = [];
  const reader = new Reader({
    api,
    openNote: (p, id) => void notes.controller.openNote(p, id),
    insertQuote: (q) => notes.controller.insertQuote(q),
    notify: (m) => messages.push(m),
    quoteShortcut: 'Ctrl+Shift+Q',
    ...(searchFor ? { searchFor } : {}),
  });
  document.body.appendChild(reader.element);
  return { reader, notes, messages };
}
