import { afterEach, describe, expect, it } from 'vitest';
import { getByRole } from '../support/roles';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import type { AnchoredAnnotation } from '../../main/common/contract';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { mountNotes, type NotesController } from '../../renderer/src/notes';
import { FakeNotebook } from './notes-fake-api';
import { ARTICLE, NEWS, seedSentence } from './notes-fixtures';
import { until as untilSettled } from '../support/until';

const quote = { annotationId: 'a1b2c3', text: seedSentence(ARTICLE, 'For nearly a decade'), label: 'The Alexa Delusion · ¶1' };

/** The fake notebook answers within a few ticks: poll often, give up soon. */
const until = <T>(probe: () => T, what: string) => untilSettled(probe, what, 3000, 10);

const mounted: Array<{ notes: NotesController; host: HTMLElement }> = [];
function mount(notebook: FakeNotebook) {
  const host = document.createElement('div');
  document.body.append(host);
  const opened: string[] = [];
  const notes = mountNotes(host, { api: notebook.api, openAnnotation: (id) => opened.push(id) });
  mounted.push({ notes, host });
  const editorRoot = () => host.querySelector<HTMLElement>('[aria-label="Note"]')!;
  const lexical = () => (editorRoot() as unknown as { __lexicalEditor: LexicalEditor }).__lexicalEditor;
  const button = (name: string) => [...host.querySelectorAll('button')].find((b) => b.textContent === name || b.getAttribute('aria-label') === name);
  return { host, notes, opened, editorRoot, lexical, button };
}

/** What a user typing a paragraph at the end of the note produces in the editor. */
function typeParagraph(editor: LexicalEditor, text: string) {
  editor.update(() => { $getRoot().append($createParagraphNode().append($createTextNode(text))); }, { discrete: true });
}

afterEach(() => {
  for (const { notes, host } of mounted.splice(0)) {
    notes.dispose();
    host.remove();
  }
});

describe('the notes pane', () => {
  it('quoting with no note open makes a note whose file holds the quote in the shared format', async () => {
    const notebook = new FakeNotebook();
    const { notes, editorRoot } = mount(notebook);
    await notes.insertQuote(quote);
    const path = notes.currentNote();
    expect(path).toBe('Quotes.md');
    expect(notebook.markdown(path!)).toContain(quoteToMarkdown(quote));
    expect(editorRoot().textContent).toContain(quote.text);
  });

  it('quoting with no note open after a restart adds to the same Quotes note instead of making "Quotes 2"', async () => {
    const notebook = new FakeNotebook({ 'Quotes.md': `${quoteToMarkdown(quote)}\n` });
    const { notes } = mount(notebook);
    const second = { ...quote, annotationId: 'd4e5f6', text: 'A second quote.' };
    await notes.insertQuote(second);
    expect(notes.currentNote()).toBe('Quotes.md');
    expect(notebook.markdown('Quotes.md')).toContain(quoteToMarkdown(second));
    expect(notebook.markdown('Quotes.md')).toContain(quoteToMarkdown(quote));
    expect((await notebook.api.listNotes()).map((n) => n.path)).toEqual(['Quotes.md']);
  });

  it('"New note" writes no file until something is typed, and none at all when left empty', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '# Alexa\n' });
    const { notes, lexical } = mount(notebook);
    await notes.newNote();
    expect((await notebook.api.listNotes()).map((n) => n.path)).toEqual(['Alexa.md']);
    await notes.openNote('Alexa.md'); // left empty: nothing is left behind
    expect((await notebook.api.listNotes()).map((n) => n.path)).toEqual(['Alexa.md']);

    await notes.newNote();
    typeParagraph(lexical(), 'A first thought.');
    await until(() => notebook.markdown('Untitled.md')?.includes('A first thought.'), 'the typed note on disk');
    expect(notes.currentNote()).toBe('Untitled.md');
  });

  it('inserts a quote at the end of an open note and saves it right away', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '# Alexa\n\nWhy it failed.\n' });
    const { notes } = mount(notebook);
    await notes.openNote('Alexa.md');
    await notes.insertQuote(quote);
    expect(notebook.markdown('Alexa.md')).toBe(`# Alexa\n\nWhy it failed.\n\n${quoteToMarkdown(quote)}\n`);
  });

  it('"Open source" on a quote asks the shell to open its annotation', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    const { notes, opened, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    button('Open source')!.click();
    expect(opened).toEqual([quote.annotationId]);
  });

  it('reloads the open note when another program changes it and nothing is unsaved', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '# Alexa\n\nFirst thought.\n' });
    const { notes, editorRoot } = mount(notebook);
    await notes.openNote('Alexa.md');
    const news = seedSentence(NEWS, 'The tenth anniversary');
    notebook.externalWrite('Alexa.md', `# Alexa\n\n${news}\n`);
    await until(() => editorRoot().textContent?.includes(news), 'the reload');
    expect(editorRoot().textContent).not.toContain('First thought.');
  });

  it('keeps both versions side by side when both changed; "Keep mine" writes mine', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '# Alexa\n\nFirst thought.\n' });
    const { notes, host, lexical, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    typeParagraph(lexical(), 'Typed here.');
    notebook.externalWrite('Alexa.md', '# Alexa\n\nWritten elsewhere.\n');
    const disk = await until(() => host.querySelector<HTMLElement>('[aria-label="Version on disk"]'), 'the disk version');
    expect(disk.textContent).toContain('Written elsewhere.');
    expect(host.querySelector('[aria-label="Note"]')!.textContent).toContain('Typed here.');
    await notes.flush();
    expect(notebook.markdown('Alexa.md')).toBe('# Alexa\n\nWritten elsewhere.\n');

    button('Keep mine')!.click();
    await until(() => notebook.markdown('Alexa.md')?.includes('Typed here.'), 'the save of mine');
    expect(notebook.markdown('Alexa.md')).toBe('# Alexa\n\nFirst thought.\n\nTyped here.\n');
    expect(host.querySelector('[aria-label="Version on disk"]')).toBeNull();
  });

  it('"Use theirs" replaces the editor with the disk version', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '# Alexa\n\nFirst thought.\n' });
    const { notes, host, lexical, button, editorRoot } = mount(notebook);
    await notes.openNote('Alexa.md');
    typeParagraph(lexical(), 'Typed here.');
    notebook.externalWrite('Alexa.md', '# Alexa\n\nWritten elsewhere.\n');
    await until(() => host.querySelector('[aria-label="Version on disk"]'), 'the disk version');
    button('Use theirs')!.click();
    await until(() => editorRoot().textContent?.includes('Written elsewhere.'), 'their version');
    expect(editorRoot().textContent).not.toContain('Typed here.');
    await notes.flush();
    expect(notebook.markdown('Alexa.md')).toBe('# Alexa\n\nWritten elsewhere.\n');
  });

  it('leaving a note with an unresolved conflict keeps my version as a new note beside theirs', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '# Alexa\n\nFirst thought.\n', 'Other.md': 'x\n' });
    const { notes, host, lexical } = mount(notebook);
    await notes.openNote('Alexa.md');
    typeParagraph(lexical(), 'Typed here.');
    notebook.externalWrite('Alexa.md', '# Alexa\n\nWritten elsewhere.\n');
    await until(() => host.querySelector('[aria-label="Version on disk"]'), 'the disk version');
    await notes.openNote('Other.md');
    expect(notebook.markdown('Alexa.md')).toBe('# Alexa\n\nWritten elsewhere.\n');
    expect(notebook.markdown('Alexa (my version).md')).toBe('# Alexa\n\nFirst thought.\n\nTyped here.\n');
    expect(getByRole(host, 'status', 'Notifications').textContent).toContain('Alexa (my version)');
  });

  it('deletes a note with an undo that restores it', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': 'a\n', 'Bedrock.md': 'b\n' });
    const { host, button } = mount(notebook);
    await until(() => button('Delete “Alexa”'), 'the list');
    button('Delete “Alexa”')!.click();
    await until(() => button('Undo'), 'the undo toast');
    expect(notebook.markdown('Alexa.md')).toBeUndefined();
    expect(host.querySelector('.sb-notes-list')!.textContent).not.toContain('Alexa');
    button('Undo')!.click();
    await until(() => host.querySelector('.sb-notes-list')!.textContent?.includes('Alexa'), 'the restored note');
    expect(notebook.markdown('Alexa.md')).toBe('a\n');
  });

  it('says why a note picked in the list cannot be opened, and keeps the open note', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': 'a\n', 'Bedrock.md': 'b\n' });
    const { notes, host, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => button('Bedrock'), 'the list');
    notebook.files.delete('Bedrock.md'); // gone before the watcher could say so
    button('Bedrock')!.click();
    await until(() => getByRole(host, 'status', 'Notifications').textContent?.includes('Could not open “Bedrock”'), 'the message');
    expect(notes.currentNote()).toBe('Alexa.md');
  });

  it('filters the list by title', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': '', 'Bedrock pivot.md': '', 'Anthropic deal.md': '' });
    const { host } = mount(notebook);
    const list = host.querySelector('.sb-notes-list')!;
    await until(() => list.children.length === 3, 'the list');
    const filter = host.querySelector<HTMLInputElement>('input[aria-label="Filter notes"]')!;
    filter.value = 'piv';
    filter.dispatchEvent(new Event('input'));
    expect([...list.querySelectorAll('.sb-note-open')].map((b) => b.textContent)).toEqual(['Bedrock pivot']);
  });

  it('renames a note from the list', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': 'a\n' });
    const { host, button } = mount(notebook);
    await until(() => button('Rename “Alexa”'), 'the list');
    button('Rename “Alexa”')!.click();
    const field = host.querySelector<HTMLInputElement>('input.sb-note-rename')!;
    field.value = 'Alexa decade';
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await until(() => notebook.markdown('Alexa decade.md'), 'the rename');
    expect(notebook.markdown('Alexa.md')).toBeUndefined();
  });

  it('shows backlinks and quoted sources of the open note', async () => {
    const notebook = new FakeNotebook({
      'Alexa.md': `${quoteToMarkdown(quote)}\n`,
      'Overview.md': 'See [[alexa]] for the voice story.\n',
    });
    notebook.annotations.set(quote.annotationId, annotation({}));
    const { notes, host } = mount(notebook);
    await notes.openNote('Alexa.md');
    const panel = host.querySelector('[aria-label="Links"]')!;
    await until(() => panel.textContent?.includes('Overview'), 'the backlinks');
    expect(panel.querySelector('[aria-label="Quoted sources"]')!.textContent).toContain('Amazon AI');
  });

  it('opening a note at a quote scrolls to that quote and flashes it', async () => {
    const other = { annotationId: 'z9', text: seedSentence(NEWS, 'The tenth anniversary'), label: 'News · ¶1' };
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(other)}\n\n${quoteToMarkdown(quote)}\n` });
    const { notes, host } = mount(notebook);
    await notes.openNote('Alexa.md', quote.annotationId);
    const flashed = await until(() => host.querySelector<HTMLElement>('figure.sb-flash'), 'the flash');
    expect(flashed.dataset.annotationId).toBe(quote.annotationId);
    expect(host.querySelectorAll('figure.sb-flash')).toHaveLength(1);
  });

  it('a quoted source in the links panel leads to the note\'s first quote from it', async () => {
    const other = { annotationId: 'z9', text: seedSentence(NEWS, 'The tenth anniversary'), label: 'News · ¶1' };
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(other)}\n\n${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({}));
    notebook.annotations.set(other.annotationId, { ...annotation({}), id: other.annotationId, sourceId: 'src-news', sourceTitle: 'Amazon news' });
    const { notes, host, opened, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => button('Amazon AI'), 'the quoted sources');
    button('Amazon AI')!.click();
    await until(() => opened.length, 'the reader to be asked');
    expect(opened).toEqual([quote.annotationId]);
    expect(host.querySelector<HTMLElement>('figure.sb-flash')!.dataset.annotationId).toBe(quote.annotationId);
  });

  it('closes the note with a message when another program deletes it and nothing is unsaved', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': 'a\n', 'Other.md': 'b\n' });
    const { notes, host } = mount(notebook);
    await notes.openNote('Alexa.md');
    notebook.externalDelete('Alexa.md');
    await until(() => notes.currentNote() === null, 'the note to close');
    await until(() => getByRole(host, 'status', 'Notifications').textContent?.includes('deleted outside Sourcebook'), 'the message');
    expect(notebook.markdown('Alexa.md')).toBeUndefined();
  });

  it('flags a quote whose source changed, and "Update quote" takes the new text and re-anchors it', async () => {
    const changed = quote.text.replace('beautiful lie', 'convenient story');
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({ currentText: changed }));
    const { notes, host, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    const badge = await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge');
    expect(badge.textContent).toBe('source changed since quoted');
    expect(host.querySelector('.sb-quote-diff del')!.textContent).toContain('beautiful lie');
    expect(host.querySelector('.sb-quote-diff ins')!.textContent).toContain('convenient story');
    button('Update quote')!.click();
    await until(() => notebook.calls.some((c) => c.method === 'updateAnnotation'), 'the relocation');
    const update = notebook.calls.find((c) => c.method === 'updateAnnotation')!;
    expect(update.args).toEqual([quote.annotationId, { relocate: { sourceId: 'src-amazon', start: 120, end: 120 + changed.length } }]);
    await notes.flush();
    expect(notebook.markdown('Alexa.md')).toContain('convenient story');
    expect(host.querySelector('.sb-quote-badge')).toBeNull();
  });

  it('flags a quote the review list relinked to other words, so the note can catch up', async () => {
    const relinked = quote.text.replace('beautiful lie', 'convenient story');
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({ quote: { exact: relinked, prefix: '', suffix: '' } }));
    const { notes, host } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge');
    expect(host.querySelector('.sb-quote-diff ins')!.textContent).toContain('convenient story');
  });

  it('does not flag a quote whose words only differ in line breaks and spaces', async () => {
    // A second, reworded quote after it is checked after it: its flag showing means the first was checked too.
    const later = { annotationId: 'z9', text: seedSentence(NEWS, 'The tenth anniversary'), label: 'News · ¶1' };
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n\n${quoteToMarkdown(later)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({ currentText: quote.text.replace(/ /g, '\n') }));
    notebook.annotations.set(later.annotationId, { ...annotation({ currentText: 'The tenth birthday passed quietly.' }), id: later.annotationId, quote: { exact: later.text, prefix: '', suffix: '' } });
    const { notes, host } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => host.querySelectorAll('.sb-quote-badge').length > 0, 'the later quote flagged');
    const flagged = [...host.querySelectorAll('.sb-quote-badge')].map((b) => b.closest('figure')?.textContent ?? '');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toContain(later.text.slice(0, 20));
  });

  it('shows the backend\'s word diff when it has one for the quoted text', async () => {
    const changed = quote.text.replace('beautiful lie', 'convenient story');
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    const [head, tail] = quote.text.split('beautiful lie:');
    notebook.annotations.set(quote.annotationId, annotation({
      currentText: changed,
      diff: [{ op: 'equal', text: head! }, { op: 'delete', text: 'beautiful lie:' }, { op: 'insert', text: 'convenient story:' }, { op: 'equal', text: tail! }],
    }));
    const { notes, host } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => host.querySelector('.sb-quote-diff del'), 'the diff');
    expect([...host.querySelectorAll('.sb-quote-diff del')].map((e) => e.textContent)).toEqual(['beautiful lie:']);
    expect([...host.querySelectorAll('.sb-quote-diff ins')].map((e) => e.textContent)).toEqual(['convenient story:']);
    expect(host.querySelector('.sb-quote-diff')!.textContent).toBe(quote.text.replace('beautiful lie:', 'beautiful lie:convenient story:'));
  });

  it('re-checks only the quotes of the source whose annotations changed', async () => {
    const other = { annotationId: 'z9', text: seedSentence(NEWS, 'The tenth anniversary'), label: 'News · ¶1' };
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(other)}\n\n${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({}));
    notebook.annotations.set(other.annotationId, { ...annotation({}), id: other.annotationId, sourceId: 'src-news', sourceTitle: 'Amazon news' });
    const { notes, host } = mount(notebook);
    const lookups = (id: string) => notebook.calls.filter((c) => c.method === 'getAnnotation' && c.args[0] === id).length;
    await notes.openNote('Alexa.md');
    await until(() => lookups(quote.annotationId) === 1 && lookups(other.annotationId) === 1, 'the first checks');

    notebook.annotations.set(quote.annotationId, annotation({ currentText: 'Alexa was a beautiful lie.' }));
    notebook.emit({ type: 'annotations-changed', changed: [quote.annotationId], removed: [], sources: ['src-amazon'] });
    await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge');
    expect(lookups(quote.annotationId)).toBe(2);
    expect(lookups(other.annotationId)).toBe(1);
  });

  it('"Keep as cited" leaves the quote as it was, hides the flag at once, and asks the notebook to remember it', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({ currentText: 'Something else entirely.' }));
    const { notes, host, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge');
    button('Keep as cited')!.click();
    expect(host.querySelector('.sb-quote-badge')).toBeNull();
    await until(() => notebook.calls.some((c) => c.method === 'updateAnnotation'), 'the update');
    expect(notebook.calls.filter((c) => c.method === 'updateAnnotation').map((c) => c.args)).toEqual([[quote.annotationId, { keepAsCited: true }]]);
    await notes.flush();
    expect(notebook.markdown('Alexa.md')).toBe(`${quoteToMarkdown(quote)}\n`);
  });

  it('shows the flag again when the notebook could not remember "Keep as cited"', async () => {
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({ currentText: 'Something else entirely.' }));
    notebook.failingAnnotationUpdates = 1;
    const { notes, host, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge');
    button('Keep as cited')!.click();
    expect(host.querySelector('.sb-quote-badge')).toBeNull();
    await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge to come back');
    expect(getByRole(host, 'status', 'Notifications').textContent).toContain('Could not keep the quote as cited: ENOSPC');
  });

  it('says so when "Update quote" took the new text but the notebook could not re-anchor it', async () => {
    const changed = quote.text.replace('beautiful lie', 'convenient story');
    const notebook = new FakeNotebook({ 'Alexa.md': `${quoteToMarkdown(quote)}\n` });
    notebook.annotations.set(quote.annotationId, annotation({ currentText: changed }));
    notebook.failingAnnotationUpdates = 1;
    const { notes, host, button } = mount(notebook);
    await notes.openNote('Alexa.md');
    await until(() => host.querySelector('.sb-quote-badge'), 'the drift badge');
    button('Update quote')!.click();
    await until(() => getByRole(host, 'status', 'Notifications').textContent?.includes('its link to the source could not be updated: ENOSPC'), 'the message');
    await notes.flush();
    expect(notebook.markdown('Alexa.md')).toContain('convenient story');
  });
});

function annotation(over: Partial<AnchoredAnnotation>): AnchoredAnnotation {
  const end = 120 + (over.currentText ?? quote.text).length;
  return {
    id: quote.annotationId, kind: 'quote', created: '2026-11-01T10:00:00Z', modified: '2026-11-01T10:00:00Z',
    color: 'evidence', sourceId: 'src-amazon', sourceTitle: 'Amazon AI', contentHash: 'h',
    quote: { exact: quote.text, prefix: '', suffix: '' }, position: { start: 120, end: 120 + quote.text.length },
    anchor: { start: 120, end, status: 'moved', confidence: 0.9 }, quotedBy: [{ path: 'Alexa.md', title: 'Alexa' }],
    ...over,
  };
}
