import type { AnchoredAnnotation, Annotation, NoteFile } from '../../common/contract';
import { findWikiLinks } from '../../common/markdown/wikilinks';
import type { SearchDoc } from '../search';

const TAG = /(?:^|\s)#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;

/** A note's paragraphs as search documents (offsets into its Markdown), tagged with its links and #tags. */
export function noteDocuments(note: NoteFile): SearchDoc[] {
  const docs: SearchDoc[] = [];
  const text = note.markdown;
  const owner = `note:${note.path}`;
  let heading: string | undefined;
  for (const m of text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
    const start = m.index!;
    const chunk = m[0];
    const h = /^#{1,6}\s+(.+)$/.exec(chunk.trim());
    if (h) heading = h[1]!.trim();
    if (!chunk.trim()) continue;
    const tags = [...findWikiLinks(chunk).map((l) => l.target), ...[...chunk.matchAll(TAG)].map((t) => t[1]!)];
    docs.push({
      id: `${owner}#${docs.length}`, owner, kind: 'note', path: note.path, title: note.title,
      ...(heading ? { heading } : {}), text: chunk, start, end: start + chunk.length, tags: [...new Set(tags)],
    });
  }
  return docs;
}

/** A highlight or quote as one search document: its text, comment and colour name. */
export function annotationDocuments(a: Annotation | AnchoredAnnotation, sourcePath: string): SearchDoc[] {
  const owner = `annotation:${a.id}`;
  const place = 'anchor' in a && a.anchor ? a.anchor : a.position;
  return [{
    id: `${owner}#0`, owner, kind: 'quote', sourceId: a.sourceId, path: sourcePath, title: a.sourceTitle,
    text: a.comment ? `${a.quote.exact}\n\n${a.comment}` : a.quote.exact,
    start: place.start, end: place.end,
    tags: [], color: a.color, annotationId: a.id,
  }];
}
