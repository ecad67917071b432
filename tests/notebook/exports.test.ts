import fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findQuotes, quoteToMarkdown } from '../../main/common/markdown/quote-link';
import { openNotebook, type Notebook } from '../../main/node/notebook';
import { FakeSources, readSeed, spanOf, tempDir } from './helpers';

const w3cSuite = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/anchoring/w3c/web-annotation-tests');
const hasSuite = fs.existsSync(w3cSuite);

/** The W3C test suite's "must" assertions for annotations or collections, as draft-04 validators. */
function mustFailures(testFile: string): (doc: unknown) => string[] {
  const read = (p: string) => JSON.parse(fs.readFileSync(path.join(w3cSuite, p), 'utf8'));
  const ajv = new Ajv04({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const f of fs.readdirSync(path.join(w3cSuite, 'definitions'))) ajv.addSchema(read(`definitions/${f}`));
  const validators = (read(testFile) as { assertions: string[] }).assertions.map((a) => ({ a, validate: ajv.compile(read(a)) }));
  return (doc) => validators.filter((v) => !v.validate(doc)).map((v) => v.a);
}

const SOURCE = 'amazon.txt';
let root: string;
let sources: FakeSources;
let notebook: Notebook;
let seed: string;

beforeEach(async () => {
  root = await tempDir('sb-export-');
  seed = await readSeed('article');
  sources = new FakeSources();
  sources.set(SOURCE, seed, 'Amazon is investing billions in its favorite AI');
  notebook = await openNotebook(root, sources, { watch: false });
});
afterEach(async () => {
  await notebook.close();
  await fsp.rm(root, { recursive: true, force: true });
});

const QUOTE = 'Anthropic will use Amazon Web Services’ massive server army as its “primary training partner.”';

describe.skipIf(!hasSuite)(`W3C export (${hasSuite ? 'checked with the W3C test suite' : 'skipped: ../shared/anchoring/w3c is missing'})`, () => {
  it('exports every annotation as one collection that passes the W3C "must" assertions', async () => {
    const a = await notebook.createAnnotation({ kind: 'quote', sourceId: SOURCE, ...spanOf(seed, QUOTE), comment: 'The real deal.' });
    await notebook.createAnnotation({ kind: 'highlight', sourceId: SOURCE, ...spanOf(seed, 'Why doesn’t Amazon share updates'), color: 'question' });
    const collection = await notebook.exportAnnotations();
    expect(mustFailures('collections/collectionMusts.test')(collection)).toEqual([]);
    const items = (collection.first as { items: { id: string; target: { selector: { type: string; exact?: string }[] } }[] }).items;
    expect(collection.total).toBe(2);
    expect(items.map((i) => i.id)).toContain(`urn:uuid:${a.id}`);
    expect(items.flatMap((i) => i.target.selector.filter((s) => s.type === 'TextQuoteSelector').map((s) => s.exact))).toContain(QUOTE);
  });

  it('keeps each annotation on disk as a valid W3C Web Annotation', async () => {
    const a = await notebook.createAnnotation({ kind: 'quote', sourceId: SOURCE, ...spanOf(seed, QUOTE), comment: 'Stored.' });
    const stored = JSON.parse(await fsp.readFile(path.join(root, '.sourcebook', 'annotations', `${a.id}.json`), 'utf8'));
    expect(mustFailures('annotations/annotationMusts.test')(stored)).toEqual([]);
  });

  it('keeps a quote kept as cited a valid W3C Web Annotation, the decision under its sourcebook key', async () => {
    const a = await notebook.createAnnotation({ kind: 'quote', sourceId: SOURCE, ...spanOf(seed, QUOTE) });
    sources.set(SOURCE, seed.replace('massive server army', 'enormous server army'));
    await notebook.annotations.reanchorSource(SOURCE);
    await notebook.updateAnnotation(a.id, { keepAsCited: true });
    const stored = JSON.parse(await fsp.readFile(path.join(root, '.sourcebook', 'annotations', `${a.id}.json`), 'utf8'));
    expect(stored.sourcebook.keptAsCitedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mustFailures('annotations/annotationMusts.test')(stored)).toEqual([]);
    expect(mustFailures('collections/collectionMusts.test')(await notebook.exportAnnotations())).toEqual([]);
  });
});

describe('positions in the export', () => {
  it('counts Unicode code points, not UTF-16 units, when emoji come before the quote', async () => {
    const text = `🍰🐉 Emoji first. ${seed}`;
    sources.set('emoji.txt', text);
    const a = await notebook.createAnnotation({ kind: 'highlight', sourceId: 'emoji.txt', ...spanOf(text, QUOTE) });
    const collection = await notebook.exportAnnotations() as { first: { items: { target: { selector: { type: string; start?: number }[] } }[] } };
    const position = collection.first.items[0]!.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    expect(a.position.start - position.start!).toBe(2);
    expect([...text].slice(position.start).join('').startsWith(QUOTE)).toBe(true);
  });
});

describe('Markdown export of a note', () => {
  it('keeps each quote’s sourcebook link and adds a text fragment another tool can search for', async () => {
    const a = await notebook.createAnnotation({ kind: 'quote', sourceId: SOURCE, ...spanOf(seed, QUOTE) });
    const note = await notebook.createNote('Training partner');
    const markdown = `# Training partner\n\n${quoteToMarkdown({ annotationId: a.id, text: QUOTE, label: 'Amazon is investing billions · ¶3' })}\n\nMy thoughts.\n`;
    await notebook.saveNote({ path: note.path, markdown, baseVersion: note.version });

    const exported = await notebook.exportNoteMarkdown(note.path);
    expect(exported).toContain(`(sourcebook://annotation/${a.id})`);
    expect(exported).toContain('My thoughts.');
    const line = exported.split('\n').find((l) => l.startsWith('> Passage: '))!;
    const [prefix, start, end, suffix] = line.slice(line.indexOf('#:~:text=') + 9, -1).split(',').map(decodeURIComponent);
    expect(seed).toContain(prefix!.replace(/-$/, ''));
    expect(QUOTE.startsWith(start!)).toBe(true);
    expect(QUOTE.endsWith(end!)).toBe(true);
    expect(seed).toContain(suffix!.replace(/^-/, ''));
    expect(line).toContain(`sourcebook://source/${SOURCE}`);
    // The note itself is untouched, and its quote still parses in the export.
    expect((await notebook.readNote(note.path)).markdown).toBe(markdown);
    expect(findQuotes(exported.split('\n').filter((l) => !l.startsWith('> Passage')).join('\n'))).toHaveLength(1);
  });
});
