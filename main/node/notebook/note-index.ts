/**
 * What every note links to, kept in memory and updated as notes change, so backlinks and
 * "quoted by" never re-read the whole notebook: per note its `[[wikilink]]` targets and the
 * annotation ids it links to, and the reverse map from annotation id to notes.
 */
import type { NoteSummary } from '../../common/contract';
import { annotationIdsIn, findQuotes } from '../../common/markdown/quote-link';
import { findWikiLinks, NoteLinkResolver } from '../../common/markdown/wikilinks';

export interface IndexedNote {
  summary: NoteSummary;
  /** The note's `[[link]]` targets as written (resolved on demand: which note they name changes as notes come and go). */
  links: Set<string>;
  /** Annotation ids linked from the note, with how many quote blocks carry each (0: a plain link). */
  annotations: Map<string, number>;
}

export class NoteIndex {
  private readonly notes = new Map<string, IndexedNote>();
  private readonly quotedBy = new Map<string, Set<string>>();
  /** The text of a quote block carrying each annotation id (for quotes whose annotation is gone). */
  private readonly quoteTexts = new Map<string, string>();
  private linkResolver: NoteLinkResolver<NoteSummary> | null = null;

  /** Records a note's current Markdown (null: unreadable, indexed without links). */
  set(summary: NoteSummary, markdown: string | null): void {
    this.remove(summary.path);
    this.linkResolver = null;
    const links = new Set<string>();
    const annotations = new Map<string, number>();
    if (markdown !== null) {
      for (const link of findWikiLinks(markdown)) links.add(link.target);
      for (const id of annotationIdsIn(markdown)) annotations.set(id, 0);
      for (const quote of findQuotes(markdown)) {
        annotations.set(quote.annotationId, (annotations.get(quote.annotationId) ?? 0) + 1);
        this.quoteTexts.set(quote.annotationId, quote.text);
      }
    }
    this.notes.set(summary.path, { summary, links, annotations });
    for (const id of annotations.keys()) {
      let paths = this.quotedBy.get(id);
      if (!paths) this.quotedBy.set(id, (paths = new Set()));
      paths.add(summary.path);
    }
  }

  remove(notePath: string): void {
    const old = this.notes.get(notePath);
    if (!old) return;
    this.notes.delete(notePath);
    this.linkResolver = null;
    for (const id of old.annotations.keys()) {
      const paths = this.quotedBy.get(id);
      paths?.delete(notePath);
      if (paths?.size === 0) this.quotedBy.delete(id);
    }
  }

  get(notePath: string): IndexedNote | undefined {
    return this.notes.get(notePath);
  }

  all(): IndexedNote[] {
    return [...this.notes.values()];
  }

  /** Where `[[links]]` lead in the notebook as indexed now (one resolver for backend, reader and editor). */
  resolver(): NoteLinkResolver<NoteSummary> {
    return (this.linkResolver ??= new NoteLinkResolver([...this.notes.values()].map((n) => n.summary)));
  }

  /** Notes with a `[[link]]` that leads to the note at `notePath`, by `resolver` (default: as indexed now). */
  backlinks(notePath: string, resolver = this.resolver()): NoteSummary[] {
    return this.all()
      .filter((note) => note.summary.path !== notePath && [...note.links].some((target) => resolver.leadsTo(target, notePath)))
      .map((note) => note.summary)
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  /** Notes linking to annotation `id`, as `{path, title}`, sorted by title. */
  notesQuoting(id: string): { path: string; title: string }[] {
    return [...(this.quotedBy.get(id) ?? [])]
      .map((p) => ({ path: p, title: this.notes.get(p)!.summary.title }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  /** The quoted text a note shows for annotation `id`, if some note has it as a quote block. */
  quoteText(id: string): string | undefined {
    return this.quotedBy.has(id) ? this.quoteTexts.get(id) : undefined;
  }

  /** Every annotation id some note links to. */
  linkedAnnotationIds(): string[] {
    return [...this.quotedBy.keys()];
  }
}
