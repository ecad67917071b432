/**
 * The shared fake NotebookApi (app-fake-api.ts) with a review list that behaves: quotes sent to
 * review lose their place, Accept / Pick another / Relink move them (and leave the list), Keep as
 * orphan removes them, "Check quotes" classifies every quote, and a `source:"path"` search finds
 * passages of that source sharing any of the words.
 */
import type { NotebookEvent, QuoteAudit, ReviewItem, SearchHit } from '../../main/common/contract';
import { ApiError } from '../../main/common/contract';
import { fakeApi, type FakeApi } from './app-fake-api';

const CONTEXT = 160;

export interface ReviewFakeApi extends FakeApi {
  review: ReviewItem[];
  keptAsOrphans: Set<string>;
  /** "The source changed": the quote leaves its place and waits on the review list with these candidate places. */
  sendToReview(annotationId: string, candidates: Array<{ start: number; end: number; confidence: number }>): void;
}

export function reviewFakeApi(base: FakeApi = fakeApi()): ReviewFakeApi {
  const review: ReviewItem[] = [];
  const keptAsOrphans = new Set<string>();
  const annotation = (id: string) => {
    const a = base.annotations.find((x) => x.id === id);
    if (!a) throw new ApiError('not-found', `there is no annotation "${id}"`);
    return a;
  };
  const doc = (id: string) => {
    const d = base.docs.find((x) => x.id === id);
    if (!d) throw new ApiError('not-found', `there is no source "${id}"`);
    return d;
  };
  const emitCount = () => base.emit({ type: 'annotations-changed', changed: [], removed: [], sources: [], review: review.length } satisfies NotebookEvent);
  const leaveReview = (id: string) => {
    const at = review.findIndex((r) => r.annotation.id === id);
    if (at >= 0) { review.splice(at, 1); emitCount(); }
  };

  const overrides: Record<string, (...args: never[]) => Promise<unknown>> = {
    async listReview() {
      return review.flatMap((r) => {
        const a = base.annotations.find((x) => x.id === r.annotation.id);
        return a ? [{ ...r, annotation: a }] : [];
      });
    },
    async keepAsOrphan(id: string) {
      const a = annotation(id);
      keptAsOrphans.add(id);
      leaveReview(id);
      return a;
    },
    async updateAnnotation(id: string, patch: { relocate?: { sourceId: string; start: number; end: number } }) {
      if (!patch.relocate) return base.updateAnnotation(id, patch);
      const a = annotation(id);
      const d = doc(patch.relocate.sourceId);
      const { start, end } = patch.relocate;
      Object.assign(a, {
        sourceId: d.id, sourceTitle: d.title, quote: { ...a.quote, exact: d.text.slice(start, end) },
        position: { start, end }, anchor: { start, end, status: 'exact', confidence: 1 },
      });
      delete a.currentText;
      leaveReview(id);
      return a;
    },
    async checkQuotes(): Promise<QuoteAudit> {
      const items = base.annotations.filter((a) => a.kind === 'quote').map((a) => ({
        annotationId: a.id,
        state: !a.anchor ? 'orphaned' as const : a.currentText !== undefined ? 'drifted' as const : a.anchor.start !== a.position.start ? 'moved' as const : 'intact' as const,
        sourceTitle: a.sourceTitle,
        exact: a.quote.exact,
        notes: a.quotedBy.map((n) => n.path),
      }));
      const counts = { intact: 0, moved: 0, drifted: 0, orphaned: 0, 'kept-as-cited': 0, 'needs-review': 0 };
      for (const i of items) counts[i.state]++;
      return { checked: items.length, counts, items };
    },
    async exportAnnotations() {
      return { '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: base.annotations.length, first: { type: 'AnnotationPage', items: base.annotations.map((a) => ({ id: a.id, type: 'Annotation' })) } };
    },
    async exportNoteMarkdown(path: string) { return `# ${path.replace(/\.md$/, '')}\n\n> a quote\n> Passage: <sourcebook://source/x#:~:text=a%20quote>\n`; },
    async search(query: string, options?: unknown) {
      const m = /^in:sources source:"([^"]*)" \((.*)\)$/.exec(query);
      if (!m) return base.search(query, options as never);
      const words = m[2]!.toLowerCase().split(/\s+|\bor\b/).filter((w) => w && w !== 'or');
      const hits: SearchHit[] = [];
      for (const d of base.docs.filter((x) => x.path.toLowerCase().includes(m[1]!.toLowerCase()))) {
        for (const p of d.passages) {
          const body = d.text.slice(p.start, p.end);
          const score = words.filter((w) => body.toLowerCase().includes(w)).length;
          if (score) hits.push({ kind: 'passage', sourceId: d.id, path: d.path, title: d.title, start: p.start, end: p.end, snippet: body.slice(0, 200), marks: [], terms: [], score });
        }
      }
      hits.sort((a, b) => b.score - a.score);
      return { query, hits, groups: [], total: hits.length, partial: false, tookMs: 1 };
    },
  };

  return new Proxy(base as ReviewFakeApi, {
    get(target, prop: string, receiver) {
      if (prop === 'review') return review;
      if (prop === 'keptAsOrphans') return keptAsOrphans;
      if (prop === 'sendToReview') {
        return (id: string, candidates: Array<{ start: number; end: number; confidence: number }>) => {
          const a = annotation(id);
          const d = doc(a.sourceId);
          const { start, end } = a.position;
          a.anchor = null;
          review.push({
            annotation: a,
            reason: candidates.length ? 'low-confidence' : 'orphaned',
            oldContext: { before: d.text.slice(Math.max(0, start - CONTEXT), start), exact: a.quote.exact, after: d.text.slice(end, end + CONTEXT) },
            candidates: candidates.map((c) => ({
              ...c, status: 'fuzzy' as const,
              before: d.text.slice(Math.max(0, c.start - CONTEXT), c.start), text: d.text.slice(c.start, c.end), after: d.text.slice(c.end, c.end + CONTEXT),
            })),
          });
          emitCount();
        };
      }
      const override = overrides[prop];
      if (override) {
        return async (...args: unknown[]) => {
          target.calls.push({ method: prop, args });
          return (override as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
