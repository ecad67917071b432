/**
 * The open note and quote labels that follow their source (backend notes.followLabels), on the
 * real backend in process: a label rewritten on disk reaches the open editor, and typing not yet
 * saved is kept and saved with it, with no conflict to resolve.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { locatorLabel } from '../../main/common/library/locator';
import { findQuotes, quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { mountNotes, type NotesController } from '../../renderer/src/notes';
import { openRealBackend } from '../support/real-backend';
import { accessibleName, byRole } from '../support/roles';
import { until } from '../support/until';

const page = (title: string) => `<html><head><title>${title}</title></head><body><h1>Salt marshes</h1><p>Restored marshes trap carbon faster than forests.</p></body></html>`;
const SENTENCE = 'Restored marshes trap carbon faster than forests.';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

/** The real backend with one HTML source quoted into note "Marsh", and the notes pane showing it. */
async function openMarsh() {
  const real = await openRealBackend();
  const host = document.createElement('div');
  document.body.append(host);
  let pane: NotesController | undefined;
  cleanup = async () => { pane?.dispose(); host.remove(); await real.close(); };
  const file = path.join(real.libraryDir, 'marsh.html');
  await writeFile(file, page('Coastal notes'));
  await real.backend.library.refresh([file]);
  const doc = await real.backend.getSource('marsh.html');
  const at = doc.text.indexOf(SENTENCE);
  const a = await real.backend.createAnnotation({ kind: 'quote', sourceId: 'marsh.html', start: at, end: at + SENTENCE.length });
  const note = await real.backend.createNote('Marsh');
  const markdown = `# Marsh\n\n${quoteToMarkdown({ annotationId: a.id, text: SENTENCE, label: locatorLabel(doc, at) })}\n\nMine.\n`;
  await real.backend.saveNote({ path: note.path, markdown, baseVersion: note.version });
  pane = mountNotes(host, { api: real.api, openAnnotation: () => {} });
  await pane.openNote(note.path);
  const editorRoot = byRole(host, 'textbox', 'Note')!;
  const label = () => { const f = byRole(editorRoot, 'figure'); return f ? accessibleName(f).replace(/^Quote from /, '') : undefined; };
  expect(label()).toBe('Salt marshes · ¶1 · Coastal notes');
  const retitle = async (title: string) => {
    await writeFile(file, page(title));
    await real.backend.library.refresh([file]);
  };
  const onDisk = () => readFile(path.join(real.notebookDir, note.path), 'utf8');
  return { real, host, editorRoot, label, retitle, onDisk };
}

describe('an open note whose quote label follows its source', () => {
  it('shows the new label at once when nothing is being typed', async () => {
    const { real, host, label, retitle, onDisk } = await openMarsh();
    const saves = real.count('saveNote');
    await retitle('Saltmarsh restoration');
    await until(() => label() === 'Salt marshes · ¶1 · Saltmarsh restoration', 'the editor to show the new label', 10_000, 20);
    await real.idle();
    expect(real.count('saveNote'), 'the backend wrote the label; the editor had nothing to save').toBe(saves);
    expect(findQuotes(await onDisk()).map((q) => q.label)).toEqual(['Salt marshes · ¶1 · Saltmarsh restoration']);
    expect(byRole(host, 'textbox', 'Version on disk'), 'no conflict is shown').toBeNull();
  }, 60_000);

  it('shows the new label and keeps what was typed but not yet saved, without a conflict', async () => {
    const { host, editorRoot, label, retitle, onDisk } = await openMarsh();
    // Typed, and the title changes before the pause that saves it.
    const lexical = (editorRoot as unknown as { __lexicalEditor: LexicalEditor }).__lexicalEditor;
    lexical.update(() => { $getRoot().append($createParagraphNode().append($createTextNode('Typed meanwhile.'))); }, { discrete: true });
    await retitle('Saltmarsh restoration');

    await until(() => label() === 'Salt marshes · ¶1 · Saltmarsh restoration', 'the editor to show the new label', 10_000, 20);
    const saved = await until(async () => {
      const md = await onDisk();
      return md.includes('Typed meanwhile.') ? md : null;
    }, 'the typing to be saved', 10_000, 20);
    expect(findQuotes(saved).map((q) => q.label)).toEqual(['Salt marshes · ¶1 · Saltmarsh restoration']);
    expect(saved).toContain('Mine.');
    expect(byRole(host, 'textbox', 'Version on disk'), 'no conflict is shown').toBeNull();
    expect(editorRoot.textContent).toContain('Typed meanwhile.');
  }, 60_000);
});
