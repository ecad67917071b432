import { findWikiLinks } from '../../common/markdown/wikilinks';

/**
 * Rewrites the `[[links]]` that `leadsToOld` says named the renamed note so they name `newPath`
 * instead, keeping each link's `#heading` and `|shown text`, and its form (title alone, or
 * folder/title). Returns null when nothing changed.
 */
export function rewriteWikiLinks(markdown: string, leadsToOld: (target: string) => boolean, newPath: string): string | null {
  const newWithoutExt = newPath.replace(/\.md$/i, '');
  const newTitle = newWithoutExt.slice(newWithoutExt.lastIndexOf('/') + 1);
  let out = '';
  let last = 0;
  for (const link of findWikiLinks(markdown)) {
    if (!leadsToOld(link.target)) continue;
    const inner = markdown.slice(link.start + 2, link.end - 2);
    const targetLength = inner.search(/[#|]/) === -1 ? inner.length : inner.search(/[#|]/);
    const replacement = link.target.includes('/') ? newWithoutExt : newTitle;
    out += markdown.slice(last, link.start) + '[[' + replacement + inner.slice(targetLength) + ']]';
    last = link.end;
  }
  return last === 0 ? null : out + markdown.slice(last);
}
