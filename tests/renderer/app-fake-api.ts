/**
 * An in-memory NotebookApi for renderer tests: the seed articles as sources (parsed by the real
 * parser, the real default colours), annotations kept in a list, a plain substring
 * search with real snippets and marks. Calls are recorded so tests can assert what the UI asked for.
 */
import type {
  AnchoredAnnotation, Block, ColorDef, NotebookApi, NotebookEvent, Passage, SearchHit, SourceDoc,
} from '../../main/common/contract';
import { ApiError } from '../../main/common/contract';
import { DEFAULT_COLORS } from '../../main/node/notebook/colors';
import { seedDoc } from '../support/seeds';

export { seedDoc };

export interface FakeApi extends NotebookApi {
  calls: Array<{ method: string; args: unknown[] }>;
  emit(event: NotebookEvent): void;
  annotations: AnchoredAnnotation[];
  /** Delays (ms) applied to search calls, in order, to simulate slow responses. */
  searchDelays: number[];
  docs: SourceDoc[];
}

const SEED_DOCS = [await seedDoc('003_c38cac0ff9cc0db6.txt'), await seedDoc('000_fc16814f2607de2a.txt')];

export function fakeApi(docs: SourceDoc[] = SEED_DOCS.map((d) => ({ ...d }))): FakeApi {
  const listeners = new Set<(e: NotebookEvent) => void>();
  const annotations: AnchoredAnnotation[] = [];
  let colors: ColorDef[] = structuredClone(DEFAULT_COLORS);
  const calls: FakeApi['calls'] = [];
  const searchDelays: number[] = [];
  const doc = (id: string) => {
    const d = docs.find((x) => x.id === id);
    if (!d) throw new ApiError('not-found', `no source ${id}`);
    return d;
  };
  let n = 0;
  const impl: Partial<NotebookApi> = {
    async getLibrary() {
      return {
        folders: ['/seeds'], notebook: '/notebook', sources: docs.map(({ text: _t, outline: _o, blocks: _b, passages: _p, ...s }) => s),
        problems: [{ path: 'broken.txt', folder: 0, reason: 'invalid-utf8', message: 'byte 0xff at offset 12' }],
        progress: { phase: 'ready', done: docs.length, total: docs.length },
      };
    },
    async getSource(id) { return doc(id); },
    async search(query) {
      const delay = searchDelays.shift() ?? 0;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (query.includes('"') && (query.match(/"/g)!.length % 2)) throw new ApiError('bad-request', 'Unclosed quote in the query: add the closing "');
      const word = query.replace(/"/g, '').trim().toLowerCase();
      const hits: SearchHit[] = [];
      for (const d of docs) for (const p of d.passages) {
        const body = d.text.slice(p.start, p.end);
        const at = body.toLowerCase().indexOf(word);
        if (at < 0) continue;
        const from = Math.max(0, at - 40);
        const snippet = body.slice(from, at + word.length + 60);
        hits.push({
          kind: 'passage', sourceId: d.id, path: d.path, title: d.title, ...(p.heading ? { heading: p.heading } : {}),
          start: p.start, end: p.end, snippet, marks: [[at - from, at - from + word.length]],
          terms: [body.slice(at, at + word.length)], score: 1,
        });
      }
      const groups = docs.map((d) => ({ path: d.path, sourceId: d.id, title: d.title, kind: 'passage' as const, hits: hits.filter((h) => h.sourceId === d.id) })).filter((g) => g.hits.length);
      return { query, hits, groups, total: hits.length, partial: query.startsWith('partial'), tookMs: 1 };
    },
    async listAnnotations(filter) { return annotations.filter((a) => !filter?.sourceId || a.sourceId === filter.sourceId); },
    async getAnnotation(id) {
      const a = annotations.find((x) => x.id === id);
      if (!a) throw new ApiError('not-found', `no annotation ${id}`);
      return a;
    },
    async createAnnotation(req) {
      const d = doc(req.sourceId);
      const a: AnchoredAnnotation = {
        id: `ann-${++n}`, kind: req.kind, created: new Date(Date.now() + n).toISOString(), modified: '', color: req.color ?? 'claim',
        ...(req.comment ? { comment: req.comment } : {}), sourceId: d.id, sourceTitle: d.title, contentHash: d.contentHash,
        quote: { exact: d.text.slice(req.start, req.end), prefix: '', suffix: '' }, position: { start: req.start, end: req.end },
        anchor: { start: req.start, end: req.end, status: 'exact', confidence: 1 }, quotedBy: [],
      };
      annotations.push(a);
      return a;
    },
    async updateAnnotation(id, patch) {
      const a = annotations.find((x) => x.id === id)!;
      Object.assign(a, patch.color ? { color: patch.color } : {}, patch.comment !== undefined ? { comment: patch.comment } : {});
      return a;
    },
    async deleteAnnotation(id) {
      annotations.splice(annotations.findIndex((x) => x.id === id), 1);
      return { id };
    },
    async getColors() { return colors; },
    async setColors(c) { colors = c; return colors; },
    async createNote(title) { return { path: `${title}.md`, title, modified: 0, bytes: 0, markdown: '', version: 'v1' }; },
  };
  const api = new Proxy({} as FakeApi, {
    get(_t, prop: string) {
      if (prop === 'calls') return calls;
      if (prop === 'annotations') return annotations;
      if (prop === 'searchDelays') return searchDelays;
      if (prop === 'docs') return docs;
      if (prop === 'emit') return (e: NotebookEvent) => listeners.forEach((l) => l(e));
      if (prop === 'subscribe') return (l: (e: NotebookEvent) => void) => { listeners.add(l); return () => listeners.delete(l); };
      if (prop === 'then') return undefined;
      const f = (impl as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
      return async (...args: unknown[]) => {
        calls.push({ method: prop, args });
        if (!f) throw new ApiError('internal', `${prop} is not faked`);
        return f(...args);
      };
    },
  });
  return api;
}

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

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
