/**
 * No API is faked here any more: every renderer test reaches the real backend
 * (tests/support/real-backend.ts). What is left is a stand-in for the notes pane, for tests of
 * the library pane that mount the shell without an editor; it keeps this file's name because
 * tests/renderer/app-search.test.ts imports it from here.
 */

/** A stand-in for the notes pane that records what the shell asked of it. */
export function fakeNotes() {
  const log: Array<{ call: string; args: unknown[] }> = [];
  const controller = {
    log,
    async insertQuote(q: { annotationId: string; text: string; label: string }) { log.push({ call: 'insertQuote', args: [q] }); },
    async openNote(p: string, id?: string) { log.push({ call: 'openNote', args: [p, id] }); },
    currentNote: () => null,
    async newNote() { log.push({ call: 'newNote', args: [] }); },
    async flush() { log.push({ call: 'flush', args: [] }); },
    dispose() {},
  };
  return { controller, mount: () => controller };
}
