/**
 * The placement core of annotations: where an annotation stands in its source now, the fields
 * that place one at a span (with a snapshot of the text), and the anchors found in changed
 * sources, kept while both texts stay the same. Annotations (./annotations.ts) decides what to
 * do with a place: update the selectors, show drift, or ask for review.
 */
import { ApiError, type Anchor } from '../../common/contract';
import { REVIEW_THRESHOLD, type Selectors } from '../../common/anchoring';
import type { Anchoring } from './anchoring';
import type { SnapshotStore } from './snapshots';
import type { SourceText, SourceTexts } from './source-access';
import type { StoredAnnotation } from './stored-annotation';

export interface Place {
  anchor: Anchor | null;
  source: SourceText | null;
}

export class Placement {
  /** Anchors computed for changed sources, by annotation id, valid while both hashes stay the same. */
  private readonly anchors = new Map<string, { key: string; anchor: Anchor | null }>();

  constructor(private readonly snapshots: Pick<SnapshotStore, 'put'>, private readonly anchoring: Anchoring) {}

  /** Where an annotation stands in its source now; low-confidence places and pending reviews (`inReview`) are not placed. */
  async placeOf(a: StoredAnnotation, texts: SourceTexts, inReview: boolean): Promise<Place> {
    const source = await this.currentSource(texts, a);
    if (!source) return { anchor: null, source: null };
    if (source.hash === a.contentHash) return { anchor: { ...a.position, status: 'exact', confidence: 1 }, source };
    if (inReview) return { anchor: null, source };
    const cached = this.anchors.get(a.id);
    if (cached?.key === anchorKey(a, source)) return { anchor: cached.anchor, source };
    return { anchor: this.remember(a, source, await this.anchoring.anchor(source, selectorsOf(a))), source };
  }

  /** Keeps where `anchor` found a quote in a changed source (low-confidence places are not placed) while both texts stay the same. */
  remember(a: StoredAnnotation, source: SourceText, found: Anchor | null): Anchor | null {
    const placed = found && (found.status !== 'fuzzy' || found.confidence >= REVIEW_THRESHOLD) ? found : null;
    this.anchors.set(a.id, { key: anchorKey(a, source), anchor: placed });
    return placed;
  }

  /** Forgets the remembered anchor of an annotation whose place or quote changed. */
  forget(id: string): void {
    this.anchors.delete(id);
  }

  /**
   * The annotation's source as it reads now; if it is gone, a source elsewhere in the library with
   * the text the annotation was made in (the file was renamed); else null.
   */
  async currentSource(texts: SourceTexts, a: StoredAnnotation): Promise<SourceText | null> {
    const own = await texts.get(a.sourceId);
    if (own) return own;
    const id = await texts.findByHash(a.contentHash);
    if (!id || id === a.sourceId) return null;
    const source = await texts.get(id);
    return source?.hash === a.contentHash ? source : null;
  }

  /** The fields that place an annotation at `start`–`end` of `source`, with a snapshot of the text. */
  async placedAt(source: SourceText, start: number, end: number) {
    const [q] = await Promise.all([this.anchoring.describe(source, start, end), this.snapshots.put(source.text, source.hash)]);
    return {
      sourceId: source.id,
      sourceTitle: source.title,
      contentHash: source.hash,
      quote: { exact: q.exact, prefix: q.prefix ?? '', suffix: q.suffix ?? '' },
      position: { start, end },
      quotedAt: { contentHash: source.hash, start },
    };
  }
}

/** The fields re-anchoring sets; the others (colour, comment, kind) are the user's. */
export const PLACEMENT_FIELDS = ['sourceId', 'sourceTitle', 'contentHash', 'quote', 'position', 'quotedAt'] as const;

export function placementKey(a: StoredAnnotation): string {
  return JSON.stringify(PLACEMENT_FIELDS.map((key) => a[key] ?? null));
}

export function selectorsOf(a: StoredAnnotation): Selectors {
  return [
    { type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix },
    { type: 'TextPositionSelector', start: a.position.start, end: a.position.end },
  ];
}

/** What a remembered anchor depends on: the text quoted in, the text now, and the quote's place and length. */
function anchorKey(a: StoredAnnotation, source: SourceText): string {
  return `${a.contentHash}:${source.hash}:${a.position.start}:${a.quote.exact.length}`;
}

export function quotedAtOf(a: StoredAnnotation): { contentHash: string; start: number } {
  return { contentHash: a.contentHash, start: a.position.start };
}

export function checkSpan(source: SourceText, start: number, end: number): void {
  if (!(end > start) || end > source.text.length) {
    throw new ApiError('bad-request', `the span ${start}–${end} is not inside "${source.title}" (${source.text.length} characters)`);
  }
}
