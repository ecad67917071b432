/**
 * The annotations half of the notebook: highlights and quotes on sources, where they stand
 * now (anchor, drift), re-anchoring when a source changes, the review list, and the audit.
 *
 * Rule: nothing moves silently. Exact and moved quotes (the quoted words found verbatim) get
 * their selectors updated; a fuzzy match at or above REVIEW_THRESHOLD is shown where it is,
 * with the current text as drift, its selectors left as quoted; anything less goes to the
 * review list and is not placed until the user decides. Where a quote stands is placement.ts.
 *
 * Longer than our ~400-line rule on purpose: every mutation below runs on the one exclusive
 * queue and changes the store, the review list and the events together; placement.ts,
 * label-follow.ts and exports.ts hold everything that can be reasoned about apart.
 */
import { randomUUID } from 'node:crypto';
import { LockTimeoutError } from '../fs';
import {
  ApiError, type AnchoredAnnotation, type Annotation, type AnnotationFilter, type ColorDef, type CreateAnnotationRequest,
  type QuoteAudit, type ReviewItem, type UpdateAnnotationRequest,
} from '../../common/contract';
import { REVIEW_THRESHOLD, wordDiff, type AnchorResult, type DiffOp } from '../../common/anchoring';
import { Anchoring } from './anchoring';
import { checkSpan, Placement, PLACEMENT_FIELDS, placementKey, quotedAtOf, selectorsOf } from './placement';
import type { AnnotationStore } from './annotation-store';
import type { ColorStore } from './colors';
import type { NotebookEvents } from './events';
import type { NoteIndex } from './note-index';
import type { ReviewStore, StoredReviewItem } from './review-store';
import type { SnapshotStore } from './snapshots';
import { SourceTexts, type SourceAccess, type SourceText } from './source-access';
import { citedState, quoteState } from '../../common/notebook/quote-state';
import { annotationCollection } from './exports';
import type { StoredAnnotation } from './stored-annotation';
import { labelChanges } from './label-follow';
import type { LabelChange } from '../../common/markdown/quote-labels';

/** Characters of context shown on each side in the review list. */
const REVIEW_CONTEXT = 160;
/** Places offered for "Pick another". */
const REVIEW_CANDIDATES = 3;


export interface AnnotationDeps {
  store: AnnotationStore;
  snapshots: SnapshotStore;
  colors: ColorStore;
  review: ReviewStore;
  sources: SourceAccess;
  notes: NoteIndex;
  events: NotebookEvents;
  /** Rewrites the labels of these annotations' quotes in the notes quoting them (notes.ts). */
  followLabels?: (changes: Map<string, LabelChange>) => Promise<void>;
  /** Where anchoring runs (default: in process; the backend's is the engine's source worker). */
  anchoring?: Anchoring;
}

export class Annotations {
  /** Mutations run one at a time: each reads and rewrites annotation and review files. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly placement: Placement;
  private readonly anchoring: Anchoring;

  constructor(private readonly deps: AnnotationDeps) {
    this.anchoring = deps.anchoring ?? new Anchoring();
    this.placement = new Placement(deps.snapshots, this.anchoring);
  }

  /** Brings annotations and the review list in line with the disk (another window may have changed them). */
  async ready(): Promise<void> {
    await Promise.all([this.deps.store.refresh(), this.deps.review.load()]);
  }

  async listAnnotations(filter?: AnnotationFilter): Promise<AnchoredAnnotation[]> {
    await this.ready();
    const texts = this.texts();
    const list = filter?.sourceId !== undefined ? this.deps.store.forSource(filter.sourceId) : this.deps.store.all();
    return Promise.all(list.map((a) => this.anchored(a, texts)));
  }

  /** Every annotation as stored, without placing it in its source now (no source text is read). */
  async storedAnnotations(): Promise<Annotation[]> {
    await this.ready();
    return this.deps.store.all().map(plainAnnotation);
  }

  async getAnnotation(id: string): Promise<AnchoredAnnotation> {
    await this.ready();
    return this.anchored(this.require(id), this.texts());
  }

  /** Highlights or quotes `start`–`end` of a source: selectors with ≥ 32 characters of context, and a snapshot. */
  createAnnotation(request: CreateAnnotationRequest): Promise<AnchoredAnnotation> {
    return this.exclusive(async () => {
      const texts = this.texts();
      const source = await this.requireSource(texts, request.sourceId);
      checkSpan(source, request.start, request.end);
      const color = await this.deps.colors.resolve(request.color);
      const now = new Date().toISOString();
      const a: StoredAnnotation = {
        id: randomUUID(),
        kind: request.kind,
        created: now,
        modified: now,
        color,
        ...(request.comment ? { comment: request.comment } : {}),
        ...(await this.placement.placedAt(source, request.start, request.end)),
      };
      await this.deps.store.create(a);
      this.emitChanged({ changed: [a.id], sources: [a.sourceId] });
      return this.anchored(a, texts);
    });
  }

  /**
   * Changes colour or comment, or places the annotation anew (`relocate`): the review list's
   * Accept / Pick another / Relink to another source, and drift's "update the quote".
   * `keepAsCited` is drift's other answer: the quote stays as quoted and its drift is not shown
   * while the source's text is the one it was kept against.
   */
  async updateAnnotation(id: string, request: UpdateAnnotationRequest): Promise<AnchoredAnnotation> {
    const { result, moved } = await this.exclusive(async () => {
      this.require(id);
      const texts = this.texts();
      // What the request sets is worked out first; it is applied to the annotation as on disk at the
      // moment of writing, so a change another window made to the other fields is kept.
      const color = request.color !== undefined ? await this.deps.colors.resolve(request.color) : undefined;
      let placement: Awaited<ReturnType<Placement['placedAt']>> | undefined;
      if (request.relocate) {
        const source = await this.requireSource(texts, request.relocate.sourceId);
        checkSpan(source, request.relocate.start, request.relocate.end);
        placement = await this.placement.placedAt(source, request.relocate.start, request.relocate.end);
      }
      let old: StoredAnnotation | undefined;
      const next = await this.deps.store.update(id, async (current) => {
        old = current;
        let next: StoredAnnotation = { ...current, modified: new Date().toISOString() };
        if (color !== undefined) next.color = color;
        if (request.comment !== undefined) {
          if (request.comment) next.comment = request.comment;
          else delete next.comment;
        }
        if (placement) {
          next = { ...next, ...placement };
          delete next.keptAsOrphan;
          delete next.keptAsCitedHash;
        }
        if (request.keepAsCited) {
          const source = await this.placement.currentSource(texts, next);
          if (!source) throw new ApiError('not-found', `the source of this quote ("${next.sourceTitle}") is gone; there is no text to keep it against`);
          next.keptAsCitedHash = source.hash;
        }
        return next;
      });
      if (!next || !old) throw notFound(id);
      this.placement.forget(id);
      const review = request.relocate ? await this.removeFromReview([id]) : false;
      this.emitChanged({ changed: [id], sources: [old.sourceId, next.sourceId], review });
      return { result: await this.anchored(next, texts), moved: placement ? [{ before: old, after: next }] : [] };
    });
    // Placed anew (Accept, Pick another, Relink, Update quote): its labels in notes say where it is now.
    await this.follow(moved);
    return result;
  }

  /** Review list "Keep as orphan": the quote stays as cited and leaves the list until it anchors again. */
  keepAsOrphan(id: string): Promise<AnchoredAnnotation> {
    return this.exclusive(async () => {
      this.require(id);
      const a = await this.deps.store.update(id, (current) => ({ ...current, keptAsOrphan: true }));
      if (!a) throw notFound(id);
      this.placement.forget(id);
      const review = await this.removeFromReview([id]);
      this.emitChanged({ changed: [id], sources: [a.sourceId], review });
      return this.anchored(a, this.texts());
    });
  }

  deleteAnnotation(id: string): Promise<{ id: string }> {
    return this.exclusive(async () => {
      this.require(id);
      const a = await this.deps.store.delete(id);
      if (!a) throw notFound(id);
      this.placement.forget(id);
      const review = await this.removeFromReview([id]);
      this.emitChanged({ removed: [id], sources: [a.sourceId], review });
      return { id };
    });
  }

  async getColors(): Promise<ColorDef[]> {
    return this.deps.colors.get();
  }

  async setColors(colors: ColorDef[]): Promise<ColorDef[]> {
    const saved = await busyAsConflict(() => this.deps.colors.set(colors));
    this.deps.events.emit({ type: 'colors-changed', colors: saved });
    return saved;
  }

  /**
   * Re-anchors every annotation on a source whose text changed or that disappeared (a source
   * found elsewhere with the same content hash is followed: a renamed file keeps its quotes).
   */
  async reanchorSource(sourceId: string): Promise<void> {
    const moved = await this.exclusive(async () => {
      await this.ready();
      const list = this.deps.store.forSource(sourceId);
      if (!list.length) return [];
      const texts = this.texts();
      // Anchored as one batch per source text (off this thread where the backend runs it in a worker).
      const sources = await Promise.all(list.map((a) => this.placement.currentSource(texts, a)));
      const found = await Promise.all(list.map((a, i) => {
        const source = sources[i];
        return source && source.hash !== a.contentHash ? this.anchoring.anchor(source, selectorsOf(a)) : null;
      }));
      // Started in list order without waiting, so their describe and candidates calls make one batch each.
      const put: Promise<StoredReviewItem>[] = [];
      const settled: string[] = [];
      const updates: Array<StoredAnnotation | Promise<StoredAnnotation>> = [];
      const touched = new Set<string>([sourceId]);
      list.forEach((a, i) => {
        const source = sources[i];
        if (!source) {
          if (!a.keptAsOrphan) put.push(this.reviewEntry(a, texts, null, 'orphaned'));
          return;
        }
        // A new title (a <title>, front matter or PDF metadata edited) is taken whatever happens to the quote's place.
        const retitled = () => {
          if (source.title !== a.sourceTitle) updates.push({ ...a, sourceTitle: source.title });
        };
        if (source.hash === a.contentHash) {
          if (source.id !== a.sourceId) updates.push({ ...a, sourceId: source.id, sourceTitle: source.title });
          else retitled();
          touched.add(source.id);
          settled.push(a.id);
          return;
        }
        const place = found[i] ?? null;
        // The reader lists the source's annotations right after this: drifted quotes need not be anchored twice.
        this.placement.remember(a, source, place);
        if (place && place.status !== 'fuzzy' && source.text.slice(place.start, place.end) === a.quote.exact) {
          const { keptAsOrphan: _kept, keptAsCitedHash: _cited, ...rest } = a;
          updates.push(this.placement.placedAt(source, place.start, place.end).then((at) => ({ ...rest, ...at, quotedAt: a.quotedAt ?? quotedAtOf(a) })));
          settled.push(a.id);
        } else if (place && place.confidence >= REVIEW_THRESHOLD) {
          settled.push(a.id); // drift: shown where it is now, still cited as quoted
          retitled();
        } else {
          if (!a.keptAsOrphan) put.push(this.reviewEntry(a, texts, source, place ? 'low-confidence' : 'orphaned'));
          retitled();
        }
      });
      const [placed, entries] = await Promise.all([Promise.all(updates), Promise.all(put)]);
      // Applied to each annotation as on disk now, and only where it still stands where it was
      // re-anchored from: a colour or comment set meanwhile (in any window) is kept.
      const byId = new Map(placed.map((u) => [u.id, u]));
      const basis = new Map(list.map((a) => [a.id, a]));
      const written = await this.deps.store.updateMany([...byId.keys()], (current) => {
        const was = basis.get(current.id)!;
        if (placementKey(current) !== placementKey(was)) return null;
        const update = byId.get(current.id)!;
        const next: StoredAnnotation = { ...current };
        for (const key of PLACEMENT_FIELDS) (next as Record<string, unknown>)[key] = update[key];
        if (update.keptAsOrphan === undefined) delete next.keptAsOrphan;
        if (update.keptAsCitedHash === undefined) delete next.keptAsCitedHash;
        return next;
      });
      for (const a of placed) this.placement.forget(a.id);
      const review = await this.deps.review.apply(entries, settled);
      // Every annotation on the source may stand elsewhere (or drift) in its new text.
      this.emitChanged({ changed: list.map((a) => a.id), sources: touched, review });
      return written.map((after) => ({ before: basis.get(after.id)!, after }));
    });
    await this.follow(moved);
  }

  /**
   * Takes the sources' titles as the library reads them now (`titleOf`; undefined: unknown yet)
   * for annotations labelled with another, and has their labels follow: titles that changed
   * while the app was closed, or that a better title rule found in a library read anew.
   */
  async followTitles(titleOf: (sourceId: string) => string | undefined): Promise<void> {
    const moved = await this.exclusive(async () => {
      const stale = new Map(this.deps.store.all().filter((a) => {
        const title = titleOf(a.sourceId);
        return title !== undefined && title !== a.sourceTitle;
      }).map((a) => [a.id, a]));
      const written = await this.deps.store.updateMany([...stale.keys()], (current) => {
        const title = titleOf(current.sourceId);
        return title === undefined || title === current.sourceTitle || current.sourceTitle !== stale.get(current.id)!.sourceTitle ? null : { ...current, sourceTitle: title };
      });
      if (written.length) this.emitChanged({ changed: written.map((a) => a.id), sources: written.map((a) => a.sourceId) });
      return written.map((after) => ({ before: stale.get(after.id)!, after }));
    });
    await this.follow(moved);
  }

  /** Quote labels in notes follow annotations re-titled or placed anew (a failure leaves the labels, never the notes, behind). */
  private async follow(moved: readonly { before: StoredAnnotation; after: StoredAnnotation }[]): Promise<void> {
    if (!moved.length || !this.deps.followLabels) return;
    const changes = await labelChanges(moved, this.deps.sources);
    if (changes.size) await this.deps.followLabels(changes).catch((err: unknown) => console.error('sourcebook: quote labels not updated:', (err as Error)?.message ?? err));
  }

  /** Quotes that could not be re-anchored with confidence, with old context and candidate places. */
  async listReview(): Promise<ReviewItem[]> {
    await this.ready();
    const texts = this.texts();
    // Placed together, so the quotes of one source are anchored in one batch.
    const items = await Promise.all(this.deps.review.all().map(async (item): Promise<ReviewItem | null> => {
      const a = this.deps.store.get(item.annotationId);
      if (!a) return null;
      return { annotation: await this.anchored(a, texts), reason: item.reason, oldContext: item.oldContext, candidates: item.candidates };
    }));
    return items.filter((item): item is ReviewItem => item !== null);
  }

  /**
   * "Check quotes": every quote in the notebook (annotations made as quotes, and any annotation
   * a note links to) as intact, moved (same words, another place than where quoted), drifted
   * (the words changed) or orphaned (not found, pending review, or its annotation is gone).
   * A quote the user kept as cited against the source as it reads now counts as intact (or moved):
   * its drift was seen and answered, so it is not reported again until the source changes again.
   */
  async checkQuotes(): Promise<QuoteAudit> {
    await this.ready();
    const texts = this.texts();
    const ids = new Set([...this.deps.store.all().filter((a) => a.kind === 'quote').map((a) => a.id), ...this.deps.notes.linkedAnnotationIds()]);
    // Placed together, so the quotes of one source are anchored in one batch.
    const items: QuoteAudit['items'] = await Promise.all([...ids].map(async (id): Promise<QuoteAudit['items'][number]> => {
      const notes = this.deps.notes.notesQuoting(id).map((n) => n.path);
      const a = this.deps.store.get(id);
      if (!a) return { annotationId: id, state: 'orphaned', sourceTitle: '', exact: this.deps.notes.quoteText(id) ?? '', notes };
      // As the note quoting it sees it: a note may hold other words than the annotation (an Accept).
      const noteText = this.deps.notes.quoteText(id);
      const state = citedState(await this.anchored(a, texts), noteText);
      // The words as the notes cite them (a quote kept as cited keeps older words than the source's).
      return { annotationId: id, state, sourceTitle: a.sourceTitle, exact: noteText ?? a.quote.exact, notes };
    }));
    const counts: QuoteAudit['counts'] = { intact: 0, moved: 0, drifted: 0, orphaned: 0, 'kept-as-cited': 0, 'needs-review': 0 };
    for (const item of items) counts[item.state]++;
    return { checked: items.length, counts, items };
  }

  /** The annotation's source id and title, for "sources this note quotes". */
  sourceOf(id: string): { sourceId: string; title: string } | undefined {
    const a = this.deps.store.get(id);
    return a && { sourceId: a.sourceId, title: a.sourceTitle };
  }

  /** All annotations as a W3C Web Annotation collection, positions in code points. */
  async exportAnnotations(): Promise<Record<string, unknown>> {
    await this.ready();
    const texts = this.texts();
    const items = await Promise.all(this.deps.store.all().map(async (a) => {
      // Positions refer to the text the selectors were recorded in: its snapshot, or the current text if unchanged
      // (a source is only read when its snapshot is missing).
      const snapshot = await texts.snapshot(a.contentHash);
      const source = snapshot === null ? await texts.get(a.sourceId) : null;
      const sourceText = snapshot ?? (source?.hash === a.contentHash ? source.text : a.quote.exact);
      // A PDF page or an EPUB CFI, so other reading systems find the passage too.
      const fragment = await this.deps.sources.locate?.(a.sourceId, a.position.start, a.contentHash).catch(() => null);
      return { annotation: plainAnnotation(a), sourceText, ...(fragment ? { fragment } : {}) };
    }));
    return annotationCollection(items);
  }

  /** The annotation as the contract describes it (bookkeeping fields removed), or undefined. */
  find(id: string): Annotation | undefined {
    const a = this.deps.store.get(id);
    return a && plainAnnotation(a);
  }

  /**
   * The annotation with where it stands now. With drift it also carries `diff`, the word diff
   * from the quote to the current text (for the "source changed since quoted" badge).
   */
  private async anchored(a: StoredAnnotation, texts: SourceTexts): Promise<AnchoredAnnotation & { diff?: DiffOp[] }> {
    const { anchor: place, source } = await this.placement.placeOf(a, texts, this.deps.review.has(a.id));
    const now = place && source ? source.text.slice(place.start, place.end) : undefined;
    const diff = now !== undefined && now !== a.quote.exact ? wordDiff(a.quote.exact, now) : undefined;
    // A passage only re-wrapped or re-spaced reads the same: that is no drift to bother anyone with;
    // nor is a change the user already saw and kept the quote as cited against.
    const changed = diff !== undefined && diff.some((op) => op.op !== 'equal');
    const keptAsCited = source !== null && source.hash === a.keptAsCitedHash;
    const drifted = changed && !keptAsCited;
    const review = this.deps.review.has(a.id) ? this.deps.review.all().find((r) => r.annotationId === a.id)?.reason : undefined;
    const quotedAt = a.quotedAt ?? quotedAtOf(a);
    // As the notes quoting it cite it: a note may still hold the words from before an Accept, and
    // then the reader, the note and Check quotes all say drifted (or kept as cited), not intact.
    const noteText = this.deps.notes.quoteText(a.id);
    const state = quoteState({
      exists: true, ...(review ? { review } : {}), anchor: place, quotedAt: { start: quotedAt.start, end: quotedAt.start },
      exact: a.quote.exact, ...(changed ? { current: now } : {}), keptAsCited, ...(noteText !== undefined ? { noteText } : {}),
    });
    return {
      ...plainAnnotation(a),
      anchor: place,
      ...(drifted ? { currentText: now, diff } : {}),
      quotedBy: this.deps.notes.notesQuoting(a.id),
      state,
      ...(keptAsCited ? { keptAsCited: true as const } : {}),
    };
  }

  private async reviewEntry(a: StoredAnnotation, texts: SourceTexts, source: SourceText | null, reason: StoredReviewItem['reason']): Promise<StoredReviewItem> {
    // Asked for before the snapshot is read, so the candidates of every entry of a re-anchor make one batch.
    const places: Promise<AnchorResult[]> = source ? this.anchoring.candidates(source, selectorsOf(a), REVIEW_CANDIDATES) : Promise.resolve([]);
    const snapshot = await texts.snapshot(a.contentHash);
    const { start, end } = a.position;
    const oldContext = snapshot !== null && snapshot.slice(start, end) === a.quote.exact
      ? { before: snapshot.slice(Math.max(0, start - REVIEW_CONTEXT), start), exact: a.quote.exact, after: snapshot.slice(end, end + REVIEW_CONTEXT) }
      : { before: a.quote.prefix, exact: a.quote.exact, after: a.quote.suffix };
    const candidates = source
      ? (await places).map((c) => ({
        ...c,
        before: source.text.slice(Math.max(0, c.start - REVIEW_CONTEXT), c.start),
        text: source.text.slice(c.start, c.end),
        after: source.text.slice(c.end, c.end + REVIEW_CONTEXT),
      }))
      : [];
    return { annotationId: a.id, reason, oldContext, candidates, sourceHash: source?.hash ?? null, added: new Date().toISOString() };
  }

  /** Whether the review list changed. */
  private removeFromReview(ids: string[]): Promise<boolean> {
    return this.deps.review.apply([], ids);
  }

  /** One event per change: the annotations, their sources, and the review list's size when it changed too. */
  private emitChanged(change: { changed?: string[]; removed?: string[]; sources: Iterable<string>; review?: boolean }): void {
    this.deps.events.emit({
      type: 'annotations-changed', changed: change.changed ?? [], removed: change.removed ?? [], sources: [...new Set(change.sources)],
      ...(change.review ? { review: this.deps.review.size } : {}),
    });
  }

  private require(id: string): StoredAnnotation {
    const a = this.deps.store.get(id);
    if (!a) throw notFound(id);
    return a;
  }

  private async requireSource(texts: SourceTexts, sourceId: string): Promise<SourceText> {
    const source = await texts.get(sourceId);
    if (!source) throw new ApiError('not-found', `there is no source "${sourceId}"`);
    return source;
  }

  private texts(): SourceTexts {
    return new SourceTexts(this.deps.sources, this.deps.snapshots);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.ready()).then(() => busyAsConflict(task));
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** A lock another window held past the wait limit is a conflict the user can retry, not a failure. */
async function busyAsConflict<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (err) {
    if (err instanceof LockTimeoutError) throw new ApiError('conflict', 'annotations are being changed in another window or program; try again');
    throw err;
  }
}

function notFound(id: string): ApiError {
  return new ApiError('not-found', `there is no annotation "${id.length > 120 ? `${id.slice(0, 120)}…` : id}"`);
}

function plainAnnotation(a: StoredAnnotation): Annotation {
  const { keptAsOrphan: _kept, quotedAt: _at, keptAsCitedHash: _cited, ...plain } = a;
  return plain;
}
