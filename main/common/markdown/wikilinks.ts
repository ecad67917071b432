/**
 * `[[wikilinks]]`: finding them in Markdown and resolving them, in one place, so the backend's
 * note index (backlinks, renames), the reader's links and the notes editor's clicks agree on
 * where every link leads.
 *
 * A note answers to its path without `.md` (`[[Projects/Bedrock]]`), to the end of that path
 * (`[[Bedrock/Plan]]` for `Projects/Bedrock/Plan.md`), and to its title (`[[Plan]]`); and a
 * target that a note's file name could not hold (`[[What: a plan?]]`) answers to the note that
 * creating it made (`What a plan.md`), so following such a link twice opens one note. Several
 * notes with one title: the shortest path wins, then the first in path order, as in Obsidian.
 */
import { sanitizeTitle, titleOfPath } from '../notebook/note-title';

/** One `[[Target]]`, `[[Target|shown text]]` or `[[Target#Heading]]` (Obsidian's link forms); group 1 is the target. */
export const WIKILINK_PATTERN = /\[\[([^\[\]|#\n]+)(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*)?\]\]/;
const WIKILINK = new RegExp(WIKILINK_PATTERN.source, 'g');

export interface WikiLink {
  target: string;
  start: number;
  end: number;
}

/** Every wikilink in `text` as it reads: `[[Target]]` → "Target", `[[Target#Heading|shown]]` → "shown". */
export function wikilinksAsShown(text: string): string {
  return text.replace(/\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]/g, (_, target: string, shown?: string) => shown ?? target);
}

export function findWikiLinks(text: string): WikiLink[] {
  return [...text.matchAll(WIKILINK)].map((m) => ({ target: m[1]!.trim(), start: m.index!, end: m.index! + m[0].length }));
}

/** Link targets compare case-insensitively, with runs of white space folded, as Obsidian resolves them. */
export function normalizeLinkTarget(target: string): string {
  return target.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const withoutMd = (notePath: string) => notePath.replace(/\.md$/i, '');
const shorterFirst = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Resolves `[[targets]]` against one set of notes. Build one per notebook state (it indexes the
 * paths once) and ask it many times.
 */
export class NoteLinkResolver<N extends { readonly path: string }> {
  private readonly byPath = new Map<string, N>();
  private readonly byTitle = new Map<string, N>();
  private readonly notes: N[];

  constructor(notes: Iterable<N>) {
    this.notes = [...notes].sort((a, b) => shorterFirst(a.path, b.path));
    for (const note of this.notes) {
      this.byPath.set(normalizeLinkTarget(withoutMd(note.path)), note);
      const title = normalizeLinkTarget(titleOfPath(note.path));
      if (!this.byTitle.has(title)) this.byTitle.set(title, note);
    }
  }

  /** The note `[[target]]` opens, or undefined when none answers to it (following it creates one). */
  resolve(target: string): N | undefined {
    const wanted = normalizeLinkTarget(withoutMd(target.trim()));
    if (!wanted) return undefined;
    if (wanted.includes('/')) {
      const exact = this.byPath.get(wanted.replace(/^\/+/, ''));
      if (exact) return exact;
      const tail = '/' + wanted.replace(/^\/+/, '');
      const bySuffix = this.notes.find((n) => normalizeLinkTarget(withoutMd('/' + n.path)).endsWith(tail));
      if (bySuffix) return bySuffix;
    }
    return this.byTitle.get(wanted) ?? this.byTitle.get(normalizeLinkTarget(sanitizeTitle(target)));
  }

  /** Whether `[[target]]` leads to the note at `notePath`. */
  leadsTo(target: string, notePath: string): boolean {
    return this.resolve(target)?.path === notePath;
  }
}

/** The note `[[target]]` opens among `notes` (for many lookups, keep a NoteLinkResolver). */
export function resolveNoteLink<N extends { readonly path: string }>(notes: Iterable<N>, target: string): N | undefined {
  return new NoteLinkResolver(notes).resolve(target);
}

export interface LinkableSource {
  readonly id: string;
  readonly title: string;
  readonly path: string;
}

/**
 * The library source a wikilink in a source names: by title first, then by file name with or
 * without its extension.
 */
export function resolveSourceLink<S extends LinkableSource>(sources: readonly S[], target: string): S | undefined {
  const want = normalizeLinkTarget(target);
  const names = (s: S) => {
    const file = s.path.slice(s.path.lastIndexOf('/') + 1);
    return [file, file.replace(/\.[^.]*$/, '')];
  };
  return sources.find((s) => normalizeLinkTarget(s.title) === want)
    ?? sources.find((s) => names(s).some((n) => normalizeLinkTarget(n) === want));
}
