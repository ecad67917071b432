/**
 * Where a `[[wikilink]]` in a source leads: the source whose title, file name or file name
 * without its extension is the link's target, compared the way Obsidian resolves links
 * (case-insensitive, runs of white space folded). A target no source answers to becomes the
 * search for the passages that link to it.
 */
import { normalizeLinkTarget } from '../../../main/common/markdown/wikilinks';

export interface LinkableSource {
  id: string;
  title: string;
  path: string;
}

/** The source a wikilink names; a title match wins over a file-name match. */
export function findLinkedSource<S extends LinkableSource>(sources: readonly S[], target: string): S | undefined {
  const want = normalizeLinkTarget(target);
  const names = (s: S) => {
    const file = s.path.slice(s.path.lastIndexOf('/') + 1);
    return [file, file.replace(/\.[^.]*$/, '')];
  };
  return sources.find((s) => normalizeLinkTarget(s.title) === want)
    ?? sources.find((s) => names(s).some((n) => normalizeLinkTarget(n) === want));
}

/** The offset of the outline heading a `[[Target#Heading]]` names, if the source has it. */
export function headingOffset(outline: ReadonlyArray<{ text: string; start: number }>, heading: string): number | undefined {
  const want = normalizeLinkTarget(heading);
  return outline.find((o) => normalizeLinkTarget(o.text) === want)?.start;
}

/** The search for the passages that link to `target` (see docs/search.md, `tag:`). */
export function wikilinkQuery(target: string): string {
  return `tag:"${target.replace(/"/g, '')}"`;
}
