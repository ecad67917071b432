/**
 * Where a `[[wikilink]]` in a source leads: the source it names (resolved by the one resolver,
 * `main/common/markdown/wikilinks.ts`); a target no source answers to becomes the search for the
 * passages that link to it.
 */
import { normalizeLinkTarget, resolveSourceLink, type LinkableSource } from '../../../main/common/markdown/wikilinks';

export type { LinkableSource };
/** The source a wikilink names; a title match wins over a file-name match. */
export const findLinkedSource = resolveSourceLink;

/** The offset of the outline heading a `[[Target#Heading]]` names, if the source has it. */
export function headingOffset(outline: ReadonlyArray<{ text: string; start: number }>, heading: string): number | undefined {
  const want = normalizeLinkTarget(heading);
  return outline.find((o) => normalizeLinkTarget(o.text) === want)?.start;
}

/** The search for the passages that link to `target` (see docs/search.md, `tag:`). */
export function wikilinkQuery(target: string): string {
  return `tag:"${target.replace(/"/g, '')}"`;
}
