import type { Annotation } from '../contract';
import type { TextPositionSelector, TextQuoteSelector } from './selectors';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Namespace of Sourcebook's few extension properties (JSON-LD needs a prefix for them). */
export const SOURCEBOOK_VOCAB = 'https://sourcebook.invalid/ns#';
const CONTEXT = [ANNO_CONTEXT, { sourcebook: SOURCEBOOK_VOCAB }] as const;

/** A TextPositionSelector as exported: offsets in Unicode code points, and the export says so. */
export interface W3CTextPositionSelector extends TextPositionSelector {
  'sourcebook:positionUnit': 'codepoint';
}

export interface W3CTextualBody {
  type: 'TextualBody';
  value: string;
  format: 'text/plain';
  purpose: 'commenting' | 'tagging';
}

export interface W3CAnnotation {
  '@context': typeof CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'highlighting' | 'quoting';
  created?: string;
  modified?: string;
  body: W3CTextualBody[];
  target: {
    type: 'SpecificResource';
    source: string;
    /** Text selectors, then for PDFs and EPUBs a FragmentSelector (page=N, or an EPUB CFI). */
    selector: [TextQuoteSelector, W3CTextPositionSelector] | [TextQuoteSelector, W3CTextPositionSelector, W3CFragmentSelector];
    /** sha256 of the source text the selectors were recorded in. */
    'sourcebook:contentHash': string;
  };
}

export interface W3CFragmentSelector { type: 'FragmentSelector'; conformsTo: string; value: string }

export interface W3CAnnotationCollection {
  '@context': typeof CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label?: string;
  total: number;
  first?: {
    id: string;
    type: 'AnnotationPage';
    startIndex: 0;
    items: Omit<W3CAnnotation, '@context'>[];
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An annotation's IRI: urn:uuid for UUIDs, otherwise a sourcebook: URI. */
export function annotationIri(id: string): string {
  return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `sourcebook://annotation/${encodeURIComponent(id)}`;
}

/** A source's IRI in exports. */
export function sourceIri(sourceId: string): string {
  return `sourcebook://source/${encodeURIComponent(sourceId)}`;
}

/**
 * Counts code points in `text[0, utf16Offset)`. The text is scanned once for surrogate pairs
 * (books usually have none), so each offset then costs a binary search, not a scan from the start.
 */
function codePointCounter(text: string): (utf16Offset: number) => number {
  // Where each surrogate pair starts: the pair is one code point, counted at its low half.
  const pairs: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) pairs.push(i++);
    }
  }
  return (utf16Offset) => {
    const end = Math.min(utf16Offset, text.length);
    let lo = 0, hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid]! < end) lo = mid + 1; else hi = mid;
    }
    return end - lo;
  };
}

/** A valid xsd:dateTime or nothing (the model forbids other forms). */
function dateTime(s: string): string | undefined {
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace(/\.000Z$/, 'Z');
}

function exportOne(annotation: Annotation, codePoints: (utf16Offset: number) => number, fragment?: W3CFragmentSelector): Omit<W3CAnnotation, '@context'> {
  const { quote, position } = annotation;
  const body: W3CTextualBody[] = [];
  if (annotation.comment && annotation.comment.trim() !== '') {
    body.push({ type: 'TextualBody', value: annotation.comment, format: 'text/plain', purpose: 'commenting' });
  }
  body.push({ type: 'TextualBody', value: annotation.color, format: 'text/plain', purpose: 'tagging' });
  const created = dateTime(annotation.created), modified = dateTime(annotation.modified);
  return {
    id: annotationIri(annotation.id),
    type: 'Annotation',
    motivation: annotation.kind === 'quote' ? 'quoting' : 'highlighting',
    ...(created ? { created } : {}),
    ...(modified ? { modified } : {}),
    body,
    target: {
      type: 'SpecificResource',
      source: sourceIri(annotation.sourceId),
      selector: [
        { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
        {
          type: 'TextPositionSelector',
          start: codePoints(position.start),
          end: codePoints(position.end),
          'sourcebook:positionUnit': 'codepoint',
        },
        ...(fragment ? [fragment] : []),
      ] as W3CAnnotation['target']['selector'],
      'sourcebook:contentHash': annotation.contentHash,
    },
  };
}

/**
 * One annotation as a W3C Web Annotation (JSON-LD). `sourceText` is the text its position refers
 * to (the snapshot with `annotation.contentHash`): Sourcebook stores UTF-16 offsets, the export
 * counts Unicode code points, as Apache Annotator does, and marks the selector with
 * `sourcebook:positionUnit: "codepoint"`. The colour becomes a tagging body, the comment a
 * commenting body.
 */
export function toW3C(annotation: Annotation, sourceText: string): W3CAnnotation {
  return { '@context': CONTEXT, ...exportOne(annotation, codePointCounter(sourceText)) };
}

/**
 * Many annotations as one W3C AnnotationCollection whose first (only) AnnotationPage embeds them.
 * Each item pairs an annotation with the text its position refers to (see toW3C).
 */
export function toW3CCollection(
  items: ReadonlyArray<{ annotation: Annotation; sourceText: string; fragment?: W3CFragmentSelector }>,
  options: { id?: string; label?: string } = {},
): W3CAnnotationCollection {
  const id = options.id ?? 'sourcebook://annotations';
  // Many annotations share a source text: scan each text once.
  const counters = new Map<string, (utf16Offset: number) => number>();
  const counterFor = (text: string) => {
    let counter = counters.get(text);
    if (!counter) counters.set(text, (counter = codePointCounter(text)));
    return counter;
  };
  return {
    '@context': CONTEXT,
    id,
    type: 'AnnotationCollection',
    ...(options.label ? { label: options.label } : {}),
    total: items.length,
    ...(items.length > 0 ? {
      first: {
        id: `${id}/page1`,
        type: 'AnnotationPage' as const,
        startIndex: 0 as const,
        items: items.map((it) => exportOne(it.annotation, counterFor(it.sourceText), it.fragment)),
      },
    } : {}),
  };
}
