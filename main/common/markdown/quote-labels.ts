/**
 * Quote labels that follow their source, as Obsidian's links follow a renamed note: when a
 * source's title changes, or a quote is placed anew (re-anchored, accepted in review, relinked),
 * the attribution label written in each note quoting it is rewritten.
 *
 * Only labels Sourcebook wrote are followed: `[<heading> · ][¶n | p. n · ]<title>` ending in the
 * title the quote was labelled with. A label the user rewrote into something else keeps their
 * words; one whose locator part they changed follows the title only.
 */
import { escapeLabel, quoteLabelSpans } from './quote-link';

export interface LabelChange {
  /** The source title the label was written with. */
  oldTitle: string;
  newTitle: string;
  /** The whole label at the quote's new place (heading, ¶ or page, title), when it was placed anew. */
  placed?: string;
}

const SEP = ' · ';
const LOCATOR = /^(?:¶\d+|p\. \d+)$/;
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The label after `change`, or null when it is not one of ours for the old title or stays as it is. */
export function followedLabel(label: string, change: LabelChange): string | null {
  const now = norm(label);
  const title = norm(change.oldTitle);
  if (now !== title && !now.endsWith(SEP + title)) return null;
  const head = now === title ? '' : now.slice(0, now.length - title.length - SEP.length);
  const parts = head ? head.split(SEP) : [];
  // Ours in full: nothing before the title, or a locator with at most a heading before it.
  const generated = parts.length === 0 || (parts.length <= 2 && LOCATOR.test(parts[parts.length - 1]!));
  const next = change.placed !== undefined && generated ? norm(change.placed) : (head ? head + SEP : '') + norm(change.newTitle);
  return next === now ? null : next;
}

/** `markdown` with the labels of the named annotations' quotes followed, or null when none changed. */
export function relabelQuotes(markdown: string, changes: ReadonlyMap<string, LabelChange>): string | null {
  let out = '';
  let last = 0;
  for (const span of quoteLabelSpans(markdown)) {
    const change = changes.get(span.annotationId);
    const next = change && followedLabel(span.label, change);
    if (!next) continue;
    out += markdown.slice(last, span.start) + escapeLabel(next);
    last = span.end;
  }
  return last === 0 ? null : out + markdown.slice(last);
}

/**
 * The quote labels `after` gives where it differs from `before` in nothing else (annotation id →
 * new label), or null when anything besides quote labels differs. An editor holding unsaved
 * edits takes such a change into its own text instead of calling it a conflict.
 */
export function labelOnlyChanges(before: string, after: string): Map<string, string> | null {
  const a = quoteLabelSpans(before);
  const b = quoteLabelSpans(after);
  if (a.length !== b.length || a.some((s, i) => s.annotationId !== b[i]!.annotationId)) return null;
  if (withoutLabels(before, a) !== withoutLabels(after, b)) return null;
  const changes = new Map<string, string>();
  a.forEach((s, i) => {
    if (s.label !== b[i]!.label) changes.set(s.annotationId, b[i]!.label);
  });
  return changes;
}

function withoutLabels(markdown: string, spans: readonly { start: number; end: number }[]): string {
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += markdown.slice(last, s.start);
    last = s.end;
  }
  return out + markdown.slice(last);
}
