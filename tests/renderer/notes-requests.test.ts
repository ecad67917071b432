/**
 * What the notes pane asks the real backend for when a quote goes into a note that already holds
 * 500: the requests of one insertion do not grow with the quotes already there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { mountNotes, type NotesController } from '../../renderer/src/notes';
import { openRealBackend, type RealBackend } from '../support/real-backend';
import { until } from '../support/until';

const ARTICLE = '003_c38cac0ff9cc0db6.txt';
const QUOTES = 500;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

async function quoteOf(real: RealBackend, text: string, at: number) {
  const start = text.indexOf(' ', at) + 1;
  const end = text.indexOf(' ', start + 30);
  const a = await real.backend.createAnnotation({ kind: 'quote', sourceId: ARTICLE, start, end });
  return { annotationId: a.id, text: a.quote.exact, label: 'The Alexa Delusion' };
}

describe('inserting a quote into a long note', () => {
  it(`costs the same few requests with ${QUOTES} quotes in the note, whatever their number`, async () => {
    const real = await openRealBackend({ library: 'seeds' });
    const host = document.createElement('div');
    document.body.append(host);
    let pane: NotesController | undefined;
    cleanup = async () => { pane?.dispose(); host.remove(); await real.close(); };

    const { text } = await real.backend.getSource(ARTICLE);
    const quotes = [];
    for (let i = 0; i < QUOTES; i++) quotes.push(await quoteOf(real, text, (i * 97) % (text.length - 200)));
    const note = await real.backend.createNote('Long read');
    await real.backend.saveNote({ path: note.path, markdown: quotes.map(quoteToMarkdown).join('\n\n') + '\n', baseVersion: note.version });

    pane = mountNotes(host, { api: real.api, openAnnotation: () => {} });
    await pane.openNote(note.path);
    await until(() => real.count('getAnnotation') >= QUOTES, 'the quotes of the note to be checked for drift', 60_000, 20);
    await real.idle();

    const before = real.calls.length;
    // What "Quote to note" does: the reader makes the annotation, the notes pane puts it in and saves.
    const added = await quoteOf(real, text, 40);
    const mark = real.calls.length;
    await pane.insertQuote(added);
    await real.idle();

    const asked = real.calls.slice(mark);
    expect(real.calls.length - before - asked.length).toBe(0); // the annotation was made on the backend directly
    expect(asked.filter((m) => m === 'saveNote')).toHaveLength(1);
    expect(real.count('getAnnotation', mark)).toBeLessThanOrEqual(1);
    expect(asked.length).toBeLessThanOrEqual(5);
  }, 120_000);
});
