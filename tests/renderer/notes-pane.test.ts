/**
 * The notes pane on the real backend: notes are files in a real notebook folder, quotes are real
 * annotations on the sample library, another program's edits go through the note watcher, and a
 * changed source is re-read and its quotes re-anchored by the library.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { mountNotes, type NotesController } from '../../renderer/src/notes';
import { openRealBackend, type RealBackend, type RealBackendOptions } from '../support/real-backend';
import { allByRole, byRole, getByRole } from '../support/roles';
import { until as untilSettled } from '../support/until';

const ARTICLE = '003_c38cac0ff9cc0db6.txt';
const NEWS = '000_fc16814f2607de2a.txt';
const LIE = 'For nearly a decade, [[Amazon]] told a beautiful lie: voice was the future of computing, and Alexa was the future of voice.';
const ANNIVERSARY = 'The tenth anniversary of Amazon Alexa passed without much fuss';

const until = <T>(probe: () => T, what: string) => untilSettled(probe, what, 15_000, 10);

const mounted: Array<{ notes: NotesController; host: HTMLElement; real: RealBackend }> = [];
afterEach(async () => {
  for (const { notes, host, real } of mounted.splice(0)) {
    notes.dispose();
    host.remove();
    await real.close();
  }
});

async function mount(options: RealBackendOptions = {}) {
  const real = await openRealBackend({ library: 'seeds', ...options });
  const host = document.createElement('div');
  document.body.append(host);
  const opened: string[] = [];
  const notes = mountNotes(host, { api: real.api, openAnnotation: (id) => opened.push(id) });
  mounted.push({ notes, host, real });
  const editorRoot = () => getByRole(host, 'textbox', 'Note');
  const lexical = () => (editorRoot() as unknown as { __lexicalEditor: LexicalEditor }).__lexicalEditor;
  const button = (name: string) => byRole<HTMLButtonElement>(host, 'button', name);
  const notices = () => getByRole(host, 'status', 'Notifications').textContent ?? '';
  const listed = () => allByRole(getByRole(host, 'list', 'Notes'), 'listitem').map((li) => allByRole(li, 'button')[0]?.textContent);
  return { real, host, notes, opened, editorRoot, lexical, button, notices, listed };
}

/** A quote of `exact` in a source, as "Quote to note" makes it, with the block a note holds for it. */
async function quoteOf(real: RealBackend, sourceId: string, exact: string, label = 'Amazon AI') {
  const annotation = await real.quote(sourceId, exact);
  return { annotation, block: { annotationId: annotation.id, text: annotation.quote.exact, label } };
}

/** The quotes of the open note as a reader sees them: each figure's text. */
const figures = (host: HTMLElement) => allByRole(host, 'figure');
const flagged = (host: HTMLElement) => figures(host).filter((f) => f.textContent?.includes('source changed since quoted'));
const changes = (host: HTMLElement) => byRole(host, 'paragraph', 'Changes in the source');

/** What a user typing a paragraph at the end of the note produces in the editor. */
function typeParagraph(editor: LexicalEditor, text: string) {
  editor.update(() => { $getRoot().append($createParagraphNode().append($createTextNode(text))); }, { discrete: true });
}

describe('the notes pane', () => {
  it('quoting with no note open makes a note whose file holds the quote in the shared format', async () => {
    const { real, notes, editorRoot } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await notes.insertQuote(block);
    expect(notes.currentNote()).toBe('Quotes.md');
    expect(await real.markdown('Quotes.md')).toContain(quoteToMarkdown(block));
    expect(editorRoot().textContent).toContain(LIE);
  });

  it('quoting with no note open after a restart adds to the same Quotes note instead of making "Quotes 2"', async () => {
    const { real, notes } = await mount();
    const first = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Quotes.md', `${quoteToMarkdown(first.block)}\n`);
    const second = await quoteOf(real, ARTICLE, 'It never happened.');
    await notes.insertQuote(second.block);
    expect(notes.currentNote()).toBe('Quotes.md');
    expect(await real.markdown('Quotes.md')).toContain(quoteToMarkdown(second.block));
    expect(await real.markdown('Quotes.md')).toContain(quoteToMarkdown(first.block));
    expect((await real.api.listNotes()).map((n) => n.path)).toEqual(['Quotes.md']);
  });

  it('"New note" writes no file until something is typed, and none at all when left empty', async () => {
    const { real, notes, lexical } = await mount({ notes: { 'Alexa.md': '# Alexa\n' } });
    await notes.newNote();
    expect((await real.api.listNotes()).map((n) => n.path)).toEqual(['Alexa.md']);
    await notes.openNote('Alexa.md'); // left empty: nothing is left behind
    expect((await real.api.listNotes()).map((n) => n.path)).toEqual(['Alexa.md']);

    await notes.newNote();
    typeParagraph(lexical(), 'A first thought.');
    await untilSettled(() => real.markdown('Untitled.md').then((md) => md?.includes('A first thought.')), 'the typed note on disk', 15_000, 20);
    expect(notes.currentNote()).toBe('Untitled.md');
  });

  it('inserts a quote at the end of an open note and saves it right away', async () => {
    const { real, notes } = await mount({ notes: { 'Alexa.md': '# Alexa\n\nWhy it failed.\n' } });
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await notes.openNote('Alexa.md');
    await notes.insertQuote(block);
    expect(await real.markdown('Alexa.md')).toBe(`# Alexa\n\nWhy it failed.\n\n${quoteToMarkdown(block)}\n`);
  });

  it('"Open source" on a quote asks the shell to open its annotation', async () => {
    const { real, notes, opened, button } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await notes.openNote('Alexa.md');
    button('Open source')!.click();
    expect(opened).toEqual([block.annotationId]);
  });

  it('reloads the open note when another program changes it and nothing is unsaved', async () => {
    const { real, notes, editorRoot } = await mount({ notes: { 'Alexa.md': '# Alexa\n\nFirst thought.\n' } });
    await notes.openNote('Alexa.md');
    await real.writeNoteOutside('Alexa.md', `# Alexa\n\n${ANNIVERSARY}.\n`);
    await until(() => editorRoot().textContent?.includes(ANNIVERSARY), 'the reload');
    expect(editorRoot().textContent).not.toContain('First thought.');
  });

  it('keeps both versions side by side when both changed; "Keep mine" writes mine', async () => {
    const { real, notes, host, lexical, button, editorRoot } = await mount({ notes: { 'Alexa.md': '# Alexa\n\nFirst thought.\n' } });
    await notes.openNote('Alexa.md');
    typeParagraph(lexical(), 'Typed here.');
    await real.writeNoteOutside('Alexa.md', '# Alexa\n\nWritten elsewhere.\n');
    const disk = await until(() => byRole(host, 'textbox', 'Version on disk'), 'the disk version');
    expect(disk.textContent).toContain('Written elsewhere.');
    expect(editorRoot().textContent).toContain('Typed here.');
    await notes.flush();
    expect(await real.markdown('Alexa.md')).toBe('# Alexa\n\nWritten elsewhere.\n');

    button('Keep mine')!.click();
    await untilSettled(() => real.markdown('Alexa.md').then((md) => md?.includes('Typed here.')), 'the save of mine', 15_000, 20);
    expect(await real.markdown('Alexa.md')).toBe('# Alexa\n\nFirst thought.\n\nTyped here.\n');
    expect(byRole(host, 'textbox', 'Version on disk')).toBeNull();
  });

  it('"Use theirs" replaces the editor with the disk version', async () => {
    const { real, notes, host, lexical, button, editorRoot } = await mount({ notes: { 'Alexa.md': '# Alexa\n\nFirst thought.\n' } });
    await notes.openNote('Alexa.md');
    typeParagraph(lexical(), 'Typed here.');
    await real.writeNoteOutside('Alexa.md', '# Alexa\n\nWritten elsewhere.\n');
    await until(() => byRole(host, 'textbox', 'Version on disk'), 'the disk version');
    button('Use theirs')!.click();
    await until(() => editorRoot().textContent?.includes('Written elsewhere.'), 'their version');
    expect(editorRoot().textContent).not.toContain('Typed here.');
    await notes.flush();
    expect(await real.markdown('Alexa.md')).toBe('# Alexa\n\nWritten elsewhere.\n');
  });

  it('leaving a note with an unresolved conflict keeps my version as a new note beside theirs', async () => {
    const { real, notes, host, lexical, notices } = await mount({ notes: { 'Alexa.md': '# Alexa\n\nFirst thought.\n', 'Other.md': 'x\n' } });
    await notes.openNote('Alexa.md');
    typeParagraph(lexical(), 'Typed here.');
    await real.writeNoteOutside('Alexa.md', '# Alexa\n\nWritten elsewhere.\n');
    await until(() => byRole(host, 'textbox', 'Version on disk'), 'the disk version');
    await notes.openNote('Other.md');
    expect(await real.markdown('Alexa.md')).toBe('# Alexa\n\nWritten elsewhere.\n');
    expect(await real.markdown('Alexa (my version).md')).toBe('# Alexa\n\nFirst thought.\n\nTyped here.\n');
    expect(notices()).toContain('Alexa (my version)');
  });

  it('deletes a note with an undo that restores it', async () => {
    const { real, button, listed } = await mount({ notes: { 'Alexa.md': 'a\n', 'Bedrock.md': 'b\n' } });
    await until(() => button('Delete “Alexa”'), 'the list');
    button('Delete “Alexa”')!.click();
    await until(() => button('Undo'), 'the undo toast');
    expect(await real.markdown('Alexa.md')).toBeUndefined();
    expect(listed()).toEqual(['Bedrock']);
    button('Undo')!.click();
    await until(() => listed().includes('Alexa'), 'the restored note');
    expect(await real.markdown('Alexa.md')).toBe('a\n');
  });

  it('says why a note picked in the list cannot be opened, and keeps the open note', async () => {
    const { real, notes, button, notices } = await mount({ notes: { 'Alexa.md': 'a\n', 'Bedrock.md': 'b\n' } });
    await notes.openNote('Alexa.md');
    await until(() => button('Bedrock'), 'the list');
    const release = real.holdEvents(); // deleted before the watcher's report reaches the pane
    await real.deleteNoteOutside('Bedrock.md');
    button('Bedrock')!.click();
    await until(() => notices().includes('Could not open “Bedrock”'), 'the message');
    expect(notes.currentNote()).toBe('Alexa.md');
    release();
  });

  it('filters the list by title', async () => {
    const { host, listed } = await mount({ notes: { 'Alexa.md': '', 'Bedrock pivot.md': '', 'Anthropic deal.md': '' } });
    await until(() => listed().length === 3, 'the list');
    const filter = getByRole<HTMLInputElement>(host, 'searchbox', 'Filter notes');
    filter.value = 'piv';
    filter.dispatchEvent(new Event('input'));
    expect(listed()).toEqual(['Bedrock pivot']);
  });

  it('renames a note from the list', async () => {
    const { real, host, button } = await mount({ notes: { 'Alexa.md': 'a\n' } });
    await until(() => button('Rename “Alexa”'), 'the list');
    button('Rename “Alexa”')!.click();
    const field = getByRole<HTMLInputElement>(host, 'textbox', 'New title for “Alexa”');
    field.value = 'Alexa decade';
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await untilSettled(() => real.markdown('Alexa decade.md'), 'the rename', 15_000, 20);
    expect(await real.markdown('Alexa.md')).toBeUndefined();
  });

  it('shows backlinks and quoted sources of the open note', async () => {
    const { real, notes, host } = await mount({ notes: { 'Overview.md': 'See [[alexa]] for the voice story.\n' } });
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await notes.openNote('Alexa.md');
    const panel = getByRole(host, 'complementary', 'Links');
    await until(() => panel.textContent?.includes('Overview'), 'the backlinks');
    await until(() => byRole(panel, 'list', 'Quoted sources')?.textContent?.includes('Amazon AI'), 'the quoted sources');
  });

  it('opening a note at a quote scrolls to that quote and flashes it', async () => {
    const { real, notes, host } = await mount();
    const other = await quoteOf(real, NEWS, ANNIVERSARY, 'News');
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(other.block)}\n\n${quoteToMarkdown(block)}\n`);
    await notes.openNote('Alexa.md', block.annotationId);
    // The flash is a visual cue only: its class is what there is to see.
    const flashed = await until(() => host.querySelector<HTMLElement>('figure.sb-flash'), 'the flash');
    expect(flashed.dataset.annotationId).toBe(block.annotationId);
    expect(host.querySelectorAll('figure.sb-flash')).toHaveLength(1);
  });

  it('a quoted source in the links panel leads to the note\'s first quote from it', async () => {
    const { real, notes, host, opened, button } = await mount();
    const other = await quoteOf(real, NEWS, ANNIVERSARY, 'News');
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(other.block)}\n\n${quoteToMarkdown(block)}\n`);
    await notes.openNote('Alexa.md');
    const articleTitle = (await real.api.getLibrary()).sources.find((s) => s.id === ARTICLE)!.title;
    await until(() => button(articleTitle), 'the quoted sources');
    button(articleTitle)!.click();
    await until(() => opened.length, 'the reader to be asked');
    expect(opened).toEqual([block.annotationId]);
    expect(host.querySelector<HTMLElement>('figure.sb-flash')!.dataset.annotationId).toBe(block.annotationId);
  });

  it('closes the note with a message when another program deletes it and nothing is unsaved', async () => {
    const { real, notes, notices } = await mount({ notes: { 'Alexa.md': 'a\n', 'Other.md': 'b\n' } });
    await notes.openNote('Alexa.md');
    await real.deleteNoteOutside('Alexa.md');
    await until(() => notes.currentNote() === null, 'the note to close');
    await until(() => notices().includes('deleted outside Sourcebook'), 'the message');
    expect(await real.markdown('Alexa.md')).toBeUndefined();
  });
});

describe('a quote whose source changed, in the notes pane', () => {
  const reworded = LIE.replace('beautiful lie', 'convenient story');
  const reword = (text: string) => text.replace('told a beautiful lie', 'told a convenient story');

  it('is flagged, and "Update quote" takes the new text and re-anchors it', async () => {
    const { real, notes, host, button } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await real.editSource(ARTICLE, reword);
    await notes.openNote('Alexa.md');
    await until(() => flagged(host).length === 1, 'the drift flag');
    expect([...changes(host)!.querySelectorAll('del')].map((e) => e.textContent).join(' ')).toContain('beautiful lie');
    expect([...changes(host)!.querySelectorAll('ins')].map((e) => e.textContent).join(' ')).toContain('convenient story');
    button('Update quote')!.click();
    await untilSettled(async () => (await real.backend.getAnnotation(block.annotationId)).quote.exact === reworded, 'the quote re-anchored', 15_000, 20);
    const now = await real.backend.getAnnotation(block.annotationId);
    expect(now.anchor?.status).toBe('exact');
    expect(now.currentText).toBeUndefined();
    await notes.flush();
    expect(await real.markdown('Alexa.md')).toContain('convenient story');
    expect(flagged(host)).toEqual([]);
  });

  it('is flagged once the review list relinked it to other words, so the note can catch up', async () => {
    const { real, notes, host } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await real.editSource(ARTICLE, reword);
    const text = (await real.backend.getSource(ARTICLE)).text;
    const start = text.indexOf(reworded);
    await real.backend.updateAnnotation(block.annotationId, { relocate: { sourceId: ARTICLE, start, end: start + reworded.length } });
    await notes.openNote('Alexa.md');
    await until(() => flagged(host).length === 1, 'the drift flag');
    expect(changes(host)!.querySelector('ins')!.textContent).toContain('convenient story');
  });

  it('is not flagged when its words only moved to other lines; a reworded one beside it is', async () => {
    const { real, notes, host } = await mount();
    const lie = await quoteOf(real, ARTICLE, LIE);
    const news = await quoteOf(real, NEWS, ANNIVERSARY, 'News');
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(lie.block)}\n\n${quoteToMarkdown(news.block)}\n`);
    await real.editSource(ARTICLE, (t) => t.replace('told a beautiful lie: voice', 'told a beautiful\nlie:  voice'));
    await real.editSource(NEWS, (t) => t.replace('The tenth anniversary', 'The tenth birthday'));
    await notes.openNote('Alexa.md');
    // The reworded quote is checked after the other: its flag showing means both were checked.
    await until(() => flagged(host).length > 0, 'the reworded quote flagged');
    expect(flagged(host)).toHaveLength(1);
    expect(flagged(host)[0]!.textContent).toContain('The tenth anniversary');
  });

  it('shows the changed words as deleted and inserted, the rest as it was', async () => {
    const { real, notes, host } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await real.editSource(ARTICLE, reword);
    await notes.openNote('Alexa.md');
    await until(() => changes(host), 'the diff');
    expect([...changes(host)!.querySelectorAll('del')].map((e) => e.textContent!.trim()).join(' ')).toBe('beautiful lie');
    expect([...changes(host)!.querySelectorAll('ins')].map((e) => e.textContent!.trim()).join(' ')).toBe('convenient story');
    const kept = [...changes(host)!.children].filter((e) => e.tagName === 'SPAN').map((e) => e.textContent).join('');
    expect(kept.replace(/\s+/g, ' ')).toContain('For nearly a decade, [[Amazon]] told a');
  });

  it('re-checks only the quotes of the source whose annotations changed', async () => {
    const { real, notes, host } = await mount();
    const lie = await quoteOf(real, ARTICLE, LIE);
    const news = await quoteOf(real, NEWS, ANNIVERSARY, 'News');
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(news.block)}\n\n${quoteToMarkdown(lie.block)}\n`);
    const lookups = (id: string) => real.requests.filter((r) => r.method === 'getAnnotation' && r.args[0] === id).length;
    await notes.openNote('Alexa.md');
    await until(() => lookups(lie.block.annotationId) === 1 && lookups(news.block.annotationId) === 1, 'the first checks');
    await real.idle();

    await real.editSource(ARTICLE, reword);
    await until(() => flagged(host).length === 1, 'the drift flag');
    await real.idle();
    expect(lookups(lie.block.annotationId)).toBe(2);
    expect(lookups(news.block.annotationId)).toBe(1);
  });

  it('"Keep as cited" leaves the quote as it was, hides the flag at once, and the notebook remembers it', async () => {
    const { real, notes, host, button } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await real.editSource(ARTICLE, reword);
    await notes.openNote('Alexa.md');
    await until(() => flagged(host).length === 1, 'the drift flag');
    button('Keep as cited')!.click();
    expect(flagged(host)).toEqual([]);
    await untilSettled(async () => (await real.backend.getAnnotation(block.annotationId)).keptAsCited, 'the decision kept', 15_000, 20);
    await notes.flush();
    expect(await real.markdown('Alexa.md')).toBe(`${quoteToMarkdown(block)}\n`);
  });

  it('shows the flag again when the notebook could not remember "Keep as cited"', async () => {
    const { real, notes, host, button, notices } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await real.editSource(ARTICLE, reword);
    await notes.openNote('Alexa.md');
    await until(() => flagged(host).length === 1, 'the drift flag');
    real.failNext('updateAnnotation', 'ENOSPC: no space left on device');
    button('Keep as cited')!.click();
    expect(flagged(host)).toEqual([]);
    await until(() => flagged(host).length === 1, 'the drift flag to come back');
    expect(notices()).toContain('Could not keep the quote as cited: ENOSPC');
    expect((await real.backend.getAnnotation(block.annotationId)).keptAsCited).toBeFalsy();
  });

  it('says so when "Update quote" took the new text but the notebook could not re-anchor it', async () => {
    const { real, notes, button, host, notices } = await mount();
    const { block } = await quoteOf(real, ARTICLE, LIE);
    await real.writeNoteOutside('Alexa.md', `${quoteToMarkdown(block)}\n`);
    await real.editSource(ARTICLE, reword);
    await notes.openNote('Alexa.md');
    await until(() => flagged(host).length === 1, 'the drift flag');
    real.failNext('updateAnnotation', 'ENOSPC: no space left on device');
    button('Update quote')!.click();
    await until(() => notices().includes('its link to the source could not be updated: ENOSPC'), 'the message');
    await notes.flush();
    expect(await real.markdown('Alexa.md')).toContain('convenient story');
    expect((await real.backend.getAnnotation(block.annotationId)).quote.exact).toBe(LIE);
  });
});
