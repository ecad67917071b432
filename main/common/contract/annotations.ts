import { z } from 'zod';
import { SourceId } from './library';

export const TextQuote = z.object({ exact: z.string().min(1), prefix: z.string(), suffix: z.string() });
export type TextQuote = z.infer<typeof TextQuote>;
/** UTF-16 offsets into the canonical text (the W3C export converts to code points). */
export const TextPosition = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type TextPosition = z.infer<typeof TextPosition>;

export const QuoteStateEnum = z.enum(['intact', 'moved', 'drifted', 'kept-as-cited', 'needs-review', 'orphaned']);

export const AnchorStatus = z.enum(['exact', 'moved', 'fuzzy']);
export const Anchor = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  status: AnchorStatus,
  confidence: z.number().min(0).max(1),
});
export type Anchor = z.infer<typeof Anchor>;

/** A colour name that means something to the researcher ("claim", "evidence"…). */
export const ColorName = z.string().trim().min(1).max(40);
export const ColorDef = z.object({ name: ColorName, color: z.string().regex(/^#[0-9a-fA-F]{6}$/) });
export type ColorDef = z.infer<typeof ColorDef>;

export const Annotation = z.object({
  id: z.string(),
  kind: z.enum(['highlight', 'quote']),
  created: z.string(),
  modified: z.string(),
  color: ColorName,
  comment: z.string().max(100_000).optional(),
  sourceId: SourceId,
  sourceTitle: z.string(),
  /** sha256 of the source text the selectors were recorded in; also the key of its snapshot. */
  contentHash: z.string(),
  quote: TextQuote,
  position: TextPosition,
});
export type Annotation = z.infer<typeof Annotation>;

/** An annotation with where it stands in the source now (null: orphaned, or the source is gone). */
export const AnchoredAnnotation = Annotation.extend({
  anchor: Anchor.nullable(),
  /** The text at the anchor now, when it differs from `quote.exact` (the source changed since quoted). */
  currentText: z.string().optional(),
  /** Word diff from the quoted text to `currentText`, for the "source changed since quoted" badge. */
  diff: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })).optional(),
  /** Notes that quote this annotation. */
  quotedBy: z.array(z.object({ path: z.string(), title: z.string() })),
  /** Where the quote stands (main/common/notebook/quote-state.ts); a note refines it with its own words (`citedState`). */
  state: QuoteStateEnum.optional(),
  /** The user kept the quote as cited against the source as it reads now. */
  keptAsCited: z.literal(true).optional(),
});
export type AnchoredAnnotation = z.infer<typeof AnchoredAnnotation>;

export const CreateAnnotationRequest = z.object({
  kind: z.enum(['highlight', 'quote']),
  sourceId: SourceId,
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  color: ColorName.optional(),
  comment: z.string().max(100_000).optional(),
}).strict().refine((r) => r.end > r.start, 'an annotation spans at least one character');
export type CreateAnnotationRequest = z.infer<typeof CreateAnnotationRequest>;

export const UpdateAnnotationRequest = z.object({
  color: ColorName.optional(),
  comment: z.string().max(100_000).optional(),
  /** Accept a new place (review list "Accept"/"Pick another", or drift "update the quote"). */
  relocate: z.object({ sourceId: SourceId, start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).optional(),
  /**
   * Drift's "Keep as cited": the quote stays as quoted and shows no drift while the source reads
   * as it does now; a later edit of the source shows drift again.
   */
  keepAsCited: z.literal(true).optional(),
}).strict();
export type UpdateAnnotationRequest = z.infer<typeof UpdateAnnotationRequest>;

export const AnnotationFilter = z.object({ sourceId: SourceId.optional() }).strict();
export type AnnotationFilter = z.infer<typeof AnnotationFilter>;

export const ReviewItem = z.object({
  annotation: AnchoredAnnotation,
  reason: z.enum(['orphaned', 'low-confidence']),
  /** The quote in its old context, from the snapshot taken when it was made. */
  oldContext: z.object({ before: z.string(), exact: z.string(), after: z.string() }),
  candidates: z.array(Anchor.extend({ before: z.string(), text: z.string(), after: z.string() })),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const QuoteAudit = z.object({
  checked: z.number().int(),
  counts: z.object({
    intact: z.number().int(), moved: z.number().int(), drifted: z.number().int(), orphaned: z.number().int(),
    'kept-as-cited': z.number().int(), 'needs-review': z.number().int(),
  }),
  items: z.array(z.object({
    annotationId: z.string(),
    state: QuoteStateEnum,
    sourceTitle: z.string(),
    exact: z.string(),
    notes: z.array(z.string()),
  })),
});
export type QuoteAudit = z.infer<typeof QuoteAudit>;
