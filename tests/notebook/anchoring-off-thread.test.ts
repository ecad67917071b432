/**
 * Anchoring never runs on the backend's thread (Electron's main process, the HTTP request path):
 * re-anchoring hundreds of quotes after their book was edited, the listing that follows and the
 * review list are all anchored in the engine's source worker. Every anchoring entry point is
 * counted on this thread; the worker runs its own bundle, so its calls are not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { openRealBackend, type RealBackend } from '../support/real-backend';
import { shared } from '../anchoring/fixtures';

const here = vi.hoisted(() => ({ calls: 0 }));

vi.mock('../../main/common/anchoring/anchor', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../main/common/anchoring/anchor')>();
  return {
    ...real,
    anchor: (...args: Parameters<typeof real.anchor>) => { here.calls++; return real.anchor(...args); },
    bestCandidates: (...args: Parameters<typeof real.bestCandidates>) => { here.calls++; return real.bestCandidates(...args); },
  };
});
vi.mock('../../main/common/anchoring/describe', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../main/common/anchoring/describe')>();
  return { ...real, describe: (...args: Parameters<typeof real.describe>) => { here.calls++; return real.describe(...args); } };
});

const gutenberg = path.join(shared, 'corpora/gutenberg');
const book = readFileSync(path.join(gutenberg, readdirSync(gutenberg).filter((f) => f.endsWith('.txt')).sort()[0]!), 'utf8');
const QUOTES = 300;
const INSERTED = 'A paragraph that a later revision of this book put near its beginning.';

let rb: RealBackend;
let sourceId: string;
let quoted: Array<{ id: string; exact: string }>;
let deleted: { id: string; exact: string };

beforeAll(async () => {
  rb = await openRealBackend({ sources: { 'book.txt': book } });
  sourceId = (await rb.api.getLibrary()).sources.find((s) => s.path === 'book.txt')!.id;
  const { text } = await rb.api.getSource(sourceId);
  const paragraphs = [...text.matchAll(/(?<=\n\n)[A-Za-z][\s\S]{150,}?(?=\n\n)/g)].filter((m) => m.index > 2000);
  expect(paragraphs.length).toBeGreaterThan(QUOTES);
  const step = Math.floor(paragraphs.length / QUOTES);
  quoted = [];
  for (let i = 0; i < QUOTES; i++) {
    const m = paragraphs[i * step]!;
    // Whole words, ending before a space, as a reader's selection usually does.
    const start = text.indexOf(' ', m.index + 10) + 1;
    const end = text.indexOf(' ', start + 80);
    const a = await rb.api.createAnnotation({ kind: 'quote', sourceId, start, end });
    quoted.push({ id: a.id, exact: a.quote.exact });
  }
  // The revision: a paragraph put in near the top (every quote moves), one quoted paragraph cut.
  deleted = quoted[QUOTES / 2]!;
  const cut = paragraphs[(QUOTES / 2) * step]![0];
  here.calls = 0;
  await rb.editSource('book.txt', (t) => {
    const at = t.indexOf('\n\n', 1000);
    return `${t.slice(0, at)}\n\n${INSERTED}${t.slice(at).replace(cut, '')}`;
  });
}, 120_000);

afterAll(async () => {
  await rb?.close();
});

test('re-anchors hundreds of quotes after their book was edited with no anchoring on the backend\'s thread', async () => {
  expect(here.calls).toBe(0);
  const list = await rb.api.listAnnotations({ sourceId });
  const { text } = await rb.api.getSource(sourceId);
  expect(text).toContain(INSERTED);
  const byId = new Map(list.map((a) => [a.id, a]));
  const kept = quoted.filter((q) => q !== deleted);
  // Each quote found again, verbatim, where its words now stand (moved down by the inserted paragraph).
  for (const q of kept) {
    const a = byId.get(q.id)!;
    expect(a.anchor, q.exact).not.toBeNull();
    expect(text.slice(a.anchor!.start, a.anchor!.end)).toBe(q.exact);
    expect(a.position.start).toBe(a.anchor!.start);
  }
  expect(byId.get(deleted.id)!.anchor).toBeNull();
  expect(here.calls).toBe(0);
}, 60_000);

test('lists the quote whose passage was cut for review, with candidates found off the backend\'s thread', async () => {
  const review = await rb.api.listReview();
  expect(review.map((r) => r.annotation.id)).toEqual([deleted.id]);
  expect(review[0]!.oldContext.exact).toBe(deleted.exact);
  const audit = await rb.api.checkQuotes();
  expect(audit.counts.orphaned + audit.counts['needs-review']).toBe(1);
  expect(audit.checked).toBe(QUOTES);
  expect(here.calls).toBe(0);
}, 60_000);
