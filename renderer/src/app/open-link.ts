/**
 * Opening a deep link (`sourcebook://annotation/…`, `sourcebook://source/…#:~:text=…`) in the
 * reader: the link is read by the one pure policy (main/common/links/deep-link.ts); a link it
 * refuses is reported, never followed.
 */
import type { SourceDoc } from '../../../main/common/contract';
import { parseDeepLink, type TextDirective } from '../../../main/common/links/deep-link';

export interface OpenLinkDeps {
  openAnnotation(id: string): Promise<void>;
  openSource(id: string, at: number, target?: { start: number; end: number }): Promise<void>;
  getSource(id: string): Promise<SourceDoc>;
  notify(message: string, kind: 'info' | 'error'): void;
}

const pattern = (s: string) => s.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');

/** Where a text directive points in `text` (prefix and suffix pick among repeats), or null. */
export function findTextDirective(text: string, d: TextDirective): { start: number; end: number } | null {
  const start = new RegExp(pattern(d.start), 'giu');
  const prefix = d.prefix ? new RegExp(`${pattern(d.prefix)}\\s*$`, 'iu') : null;
  let fallback: { start: number; end: number } | null = null;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    let end = m.index + m[0].length;
    if (d.end) {
      const tail = new RegExp(pattern(d.end), 'iu').exec(text.slice(end));
      if (!tail) break;
      end += tail.index + tail[0].length;
    }
    const found = { start: m.index, end };
    if (!prefix || prefix.test(text.slice(Math.max(0, m.index - d.prefix.length - 64), m.index))) return found;
    fallback ??= found;
  }
  return fallback;
}

export async function openDeepLink(raw: string, deps: OpenLinkDeps): Promise<void> {
  const link = parseDeepLink(raw);
  if (!link) {
    deps.notify('That link is not a Sourcebook link to a quote or a source, so it was not opened.', 'error');
    return;
  }
  if (link.kind === 'annotation') {
    await deps.openAnnotation(link.id);
    return;
  }
  if (!link.text) {
    await deps.openSource(link.sourceId, 0);
    return;
  }
  let doc: SourceDoc;
  try {
    doc = await deps.getSource(link.sourceId);
  } catch {
    await deps.openSource(link.sourceId, 0); // The reader explains why it cannot open it.
    return;
  }
  const found = findTextDirective(doc.text, link.text);
  if (!found) deps.notify('The linked passage is no longer in this source; it opens at the start.', 'info');
  await deps.openSource(link.sourceId, found?.start ?? 0, found ?? undefined);
}
