import { findWikiLinks, normalizeLinkTarget } from '../../common/markdown/wikilinks';
import { linkNamesOf } from './note-index';

/**
 * Rewrites `[[links]]` that name the note at `oldPath` so they name `newPath` instead, keeping
 * each link's `#heading` and `|shown text`, and its form (title alone, or folder/title).
 * Returns null when nothing changed.
 */
export function rewriteWikiLinks(markdown: string, oldPath: string, newPath: string): string | null {
  const oldNames = linkNamesOf(oldPath);
  const newWithoutExt = newPath.replace(/\.md$/i, '');
  const newTitle = newWithoutExt.slice(newWithoutExt.lastIndexOf('/') + 1);
  let out = '';
  let last = 0;
  for (const link of findWikiLinks(markdown)) {
    const target = normalizeLinkTarget(link.target);
    if (!oldNames.has(target)) continue;
    const inner = markdown.slice(link.start + 2, link.end - 2);
    const targetLength = inner.search(/[#|]/) === -1 ? inner.length : inner.search(/[#|]/);
    const replacement = target.includes('/') ? newWithoutExt : newTitle;
    out += markdown.slice(last, link.start) + '[[' + replacement + inner.slice(targetLength) + ']]';
    last = link.end;
  }
  return last === 0 ? null : out + markdown.slice(last);
}
