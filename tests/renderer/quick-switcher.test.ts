import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSource } from '../../main/node/library/parse';
import { SwitchIndex, type SwitchSource } from '../../renderer/src/switcher/switch-index';
import { ARTICLE, ARTICLE_TITLE, closeApps, readerTitle, startApp } from '../support/real-app';
import { allByRole, byRole, getByRole } from '../support/roles';
import { seededRandom } from '../support/seeded-random';

const GUTENBERG = path.resolve(__dirname, '../../../shared/corpora/gutenberg');

async function gutenbergSources(): Promise<SwitchSource[]> {
  const manifest = JSON.parse(readFileSync(path.join(GUTENBERG, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string }> };
  const sources: SwitchSource[] = [];
  for (const f of manifest.files) {
    const r = await parseSource(f.file, readFileSync(path.join(GUTENBERG, f.file)));
    if (r.ok) sources.push({ id: f.file, path: f.file, title: r.source.title, headings: r.source.outline });
  }
  return sources;
}

const sources = await gutenbergSources();

describe('the quick switcher\'s index', () => {
  const random = seededRandom(7);
  const words = ['harbour', 'saltmarsh', 'policy', 'interview', 'draft', 'reading', 'method', 'archive', 'letters', 'survey'];
  const notes = Array.from({ length: 6000 }, (_, i) => ({ path: `n${i}.md`, title: `${words[Math.floor(random() * words.length)]} notes ${i}` }));
  const index = new SwitchIndex();
  index.setAll([...notes, { path: 'Reading list.md', title: 'Reading list' }], sources);

  it('holds over 10,000 notes, sources and chapters', () => {
    expect(index.size).toBeGreaterThan(10_000);
  });

  it('finds a source by the start of its title, as it is being typed', () => {
    expect(index.find('Emm', 5)[0]).toMatchObject({ kind: 'source', title: 'Emma' });
    expect(index.find('Murder on the', 5)[0]).toMatchObject({ kind: 'source', title: 'The Murder on the Links' });
  });

  it('forgives a typo', () => {
    expect(index.find('Draculs Guest', 5)[0]).toMatchObject({ kind: 'source', title: "Dracula's Guest" });
  });

  it('finds chapters by their names, with the book they are in', () => {
    const hit = index.find('Cathedral', 10).find((i) => i.kind === 'heading');
    expect(hit).toMatchObject({ kind: 'heading', title: 'Chapter Nine · In the Cathedral', detail: 'The Trial' });
  });

  it('puts notes first at an equal match and lists notes and sources when nothing is typed', () => {
    expect(index.find('reading list', 3)[0]).toMatchObject({ kind: 'note', title: 'Reading list' });
    expect(index.find('', 10).every((i) => i.kind !== 'heading')).toBe(true);
  });
});

describe('the quick switcher in the app', () => {
  beforeEach(() => localStorage.clear());
  afterEach(closeApps);

  it('opens on Ctrl+O, filters as you type and opens the chosen source in the reader', async () => {
    const { app, real } = await startApp();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', code: 'KeyO', ctrlKey: true, bubbles: true }));
    const dialog = getByRole(document, 'dialog', 'Quick switcher');
    const input = getByRole<HTMLInputElement>(dialog, 'combobox');
    expect(document.activeElement).toBe(input);
    input.value = 'confession';
    input.dispatchEvent(new Event('input'));
    expect(allByRole(dialog, 'option')[0]!.textContent).toContain(ARTICLE_TITLE);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await real.idle();
    expect(byRole(document, 'dialog', 'Quick switcher')).toBeNull();
    expect(app.reader.currentSource?.id).toBe(ARTICLE);
    expect(readerTitle()).toBe(ARTICLE_TITLE);
  });
});
