/**
 * Links: following a link in the text. A wikilink opens the source whose title or file name is its
 * target (case-insensitive), at its `#Heading` if it names one, else searches for `tag:"Target"`.
 * An http(s) link opens outside the app (Electron hands new windows to the system browser); it
 * never replaces the app.
 */
import type { NotebookApi, SourceDoc } from '../../../main/common/contract';
import { errorText } from '../app/dom';
import { findLinkedSource, headingOffset, wikilinkQuery, type LinkableSource } from './link-targets';

export interface LinkDeps {
  api: Pick<NotebookApi, 'getLibrary'>;
  loadSource(id: string): Promise<SourceDoc>;
  open(sourceId: string, at: number): Promise<void>;
  notify(message: string, kind?: 'info' | 'error'): void;
  searchFor?(query: string): void;
}

function hasUserActivation(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation;
  return activation === undefined || activation.isActive;
}

export async function activateLink(el: HTMLElement, deps: LinkDeps): Promise<void> {
  const href = el.dataset.href;
  if (href) {
    // Only a person's click or key press opens a window (in Electron the main process checks it
    // again before the OS browser sees the link); script never does.
    if (/^https?:\/\//i.test(href) && hasUserActivation()) window.open(href, '_blank', 'noopener,noreferrer');
    return;
  }
  const target = el.dataset.wikilink;
  if (!target) return;
  let sources: LinkableSource[] = [];
  try {
    sources = (await deps.api.getLibrary()).sources;
  } catch (e) {
    deps.notify(`Could not look up “${target}”: ${errorText(e)}`, 'error');
    return;
  }
  const source = findLinkedSource(sources, target);
  if (source) {
    const heading = el.dataset.heading;
    const doc = heading ? await deps.loadSource(source.id).catch(() => null) : null;
    await deps.open(source.id, (doc && headingOffset(doc.outline, heading!)) ?? 0);
    return;
  }
  const query = wikilinkQuery(target);
  if (deps.searchFor) deps.searchFor(query);
  else deps.notify(`No source is called “${target}”. Search for ${query} to find the passages that link to it.`);
}
