/**
 * Which quote labels follow an annotation that was re-titled or placed anew: the title it was
 * labelled with, its source's title now, and (placed anew) the whole label at its new place,
 * worked out with the locator the reader labels quotes with (main/common/library/locator.ts).
 */
import { locatorLabel } from '../../common/library/locator';
import type { LabelChange } from '../../common/markdown/quote-labels';
import type { SourceAccess } from './source-access';
import type { StoredAnnotation } from './stored-annotation';

export async function labelChanges(pairs: Iterable<{ before: StoredAnnotation; after: StoredAnnotation }>, sources: SourceAccess): Promise<Map<string, LabelChange>> {
  const changes = new Map<string, LabelChange>();
  const docs = new Map<string, Promise<Awaited<ReturnType<NonNullable<SourceAccess['getSource']>>> | null>>();
  const docOf = (id: string) => {
    let doc = docs.get(id);
    if (!doc) docs.set(id, (doc = sources.getSource?.(id).catch(() => null) ?? Promise.resolve(null)));
    return doc;
  };
  for (const { before, after } of pairs) {
    const placedAnew = after.sourceId !== before.sourceId || after.contentHash !== before.contentHash || after.position.start !== before.position.start;
    if (!placedAnew && after.sourceTitle === before.sourceTitle) continue;
    const change: LabelChange = { oldTitle: before.sourceTitle, newTitle: after.sourceTitle };
    if (placedAnew) {
      const doc = await docOf(after.sourceId);
      // Only a label of the text the annotation was placed in: a later edit gets its own turn.
      if (doc && doc.contentHash === after.contentHash) change.placed = locatorLabel({ ...doc, title: after.sourceTitle }, after.position.start);
    }
    changes.set(after.id, change);
  }
  return changes;
}
