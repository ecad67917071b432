/**
 * The on-disk form of an annotation: one W3C Web Annotation (JSON-LD) per file, with the
 * TextQuoteSelector and TextPositionSelector in its target, and Sourcebook's own fields
 * (kind, colour, source id and content hash, review and drift decisions) under a `sourcebook` key that other
 * W3C tools ignore. Positions on disk are UTF-16 units, as inside the app; the export converts
 * them to code points.
 */
import { z } from 'zod';
import { Annotation, ColorName, TextPosition, TextQuote } from '../../common/contract';
import { annotationUri, parseAnnotationUri } from '../../common/markdown/quote-link';
import { sourceIri } from '../../common/anchoring';

/** An annotation as kept by the notebook: the contract's fields plus review bookkeeping. */
export const StoredAnnotation = Annotation.extend({
  /** The user chose "Keep as orphan": it stays out of the review list until it anchors again. */
  keptAsOrphan: z.boolean().optional(),
  /** Where the quote was made (or last placed by the user): tells "moved" from "intact" after re-anchoring. */
  quotedAt: z.object({ contentHash: z.string(), start: z.number().int().nonnegative() }).optional(),
  /** The user chose "Keep as cited" while the source had this content hash: no drift is shown against it. */
  keptAsCitedHash: z.string().optional(),
});
export type StoredAnnotation = z.infer<typeof StoredAnnotation>;

const W3CFile = z.object({
  '@context': z.literal('http://www.w3.org/ns/anno.jsonld'),
  id: z.string(),
  type: z.literal('Annotation'),
  motivation: z.string(),
  created: z.string(),
  modified: z.string(),
  body: z.array(z.object({ type: z.literal('TextualBody'), purpose: z.string(), value: z.string() })).optional(),
  target: z.object({
    source: z.string(),
    selector: z.tuple([
      TextQuote.extend({ type: z.literal('TextQuoteSelector') }),
      TextPosition.extend({ type: z.literal('TextPositionSelector') }),
    ]),
  }),
  sourcebook: z.object({
    kind: z.enum(['highlight', 'quote']),
    color: ColorName,
    sourceId: z.string(),
    sourceTitle: z.string(),
    contentHash: z.string(),
    positionUnit: z.literal('utf-16'),
    keptAsOrphan: z.boolean().optional(),
    quotedAt: z.object({ contentHash: z.string(), start: z.number().int().nonnegative() }).optional(),
    keptAsCitedHash: z.string().optional(),
  }),
});

export function toStoredJson(a: StoredAnnotation): string {
  const body = [
    { type: 'TextualBody', purpose: 'tagging', value: a.color },
    ...(a.comment ? [{ type: 'TextualBody', purpose: 'commenting', value: a.comment }] : []),
  ];
  const doc: z.input<typeof W3CFile> = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: annotationUri(a.id),
    type: 'Annotation',
    motivation: a.comment ? 'commenting' : 'highlighting',
    created: a.created,
    modified: a.modified,
    body: body as z.input<typeof W3CFile>['body'],
    target: {
      source: sourceIri(a.sourceId),
      selector: [
        { type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix },
        { type: 'TextPositionSelector', start: a.position.start, end: a.position.end },
      ],
    },
    sourcebook: {
      kind: a.kind,
      color: a.color,
      sourceId: a.sourceId,
      sourceTitle: a.sourceTitle,
      contentHash: a.contentHash,
      positionUnit: 'utf-16',
      ...(a.keptAsOrphan ? { keptAsOrphan: true } : {}),
      ...(a.quotedAt ? { quotedAt: a.quotedAt } : {}),
      ...(a.keptAsCitedHash ? { keptAsCitedHash: a.keptAsCitedHash } : {}),
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Parses a stored annotation file; throws with a readable message if it is not one of ours. */
export function fromStoredJson(json: string): StoredAnnotation {
  const doc = W3CFile.parse(JSON.parse(json));
  const id = parseAnnotationUri(doc.id);
  if (!id) throw new Error(`"${doc.id}" is not a Sourcebook annotation id`);
  const [quote, position] = doc.target.selector;
  const comment = doc.body?.find((b) => b.purpose === 'commenting')?.value;
  return StoredAnnotation.parse({
    id,
    kind: doc.sourcebook.kind,
    created: doc.created,
    modified: doc.modified,
    color: doc.sourcebook.color,
    ...(comment !== undefined ? { comment } : {}),
    sourceId: doc.sourcebook.sourceId,
    sourceTitle: doc.sourcebook.sourceTitle,
    contentHash: doc.sourcebook.contentHash,
    quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
    position: { start: position.start, end: position.end },
    ...(doc.sourcebook.keptAsOrphan ? { keptAsOrphan: true } : {}),
    ...(doc.sourcebook.quotedAt ? { quotedAt: doc.sourcebook.quotedAt } : {}),
    ...(doc.sourcebook.keptAsCitedHash ? { keptAsCitedHash: doc.sourcebook.keptAsCitedHash } : {}),
  });
}
