import type { AnchoredAnnotation, Annotation, NoteFile } from '../../common/contract';
import { readNoteBlocks } from '../../common/markdown/note-blocks';
import { findWikiLinks } from '../../common/markdown/wikilinks';
import type { SearchDoc } from '../search';
import { findTags } from '../../common/markdown/tags';


/**
 * A note's blocks as search documents, read as the notes editor reads them (one reading:
 * main/common/markdown/note-blocks.ts), each tagged with its links and #tags and under its heading;
 * offsets point into the Markdown.
 */
export function noteDocuments(note: NoteFile): SearchDoc[] {
  const owner = `note:${note.path}`;
  let heading: string | undefined;
  return readNoteBlocks(note.markdown).map((block, i) => {
    if (block.kind === 'heading') heading = block.text;
    const tags = [...findWikiLinks(block.text).map((l) => l.target), ...findTags(block.text)];
    return {
      id: `${owner}#${i}`, owner, kind: 'note' as const, path: note.path, title: note.title,
      ...(heading ? { heading } : {}), text: block.text, start: block.start, end: block.end, tags: [...new Set(tags)],
    };
  });
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
