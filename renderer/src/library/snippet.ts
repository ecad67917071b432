/**
 * A search snippet as the reader shows its text: its matched words in <mark> elements and, for
 * text that is read as Markdown (a .md or .txt source's passages and quotes), the inline syntax
 * (`**`, `[[ ]]`, `](url)`…) in `span.syntax`, hidden, with the words it styles styled, through
 * the reader's own reading (reader/inline.ts). Built from text nodes, so whatever the source
 * contains is shown as text, never interpreted as markup; nothing is removed, so the marks'
 * offsets hold and the snippet's textContent is the snippet.
 */
import { segment } from '../reader/decorations';
import { inlineMarkup } from '../reader/inline';
import { markupClass, type LookMark } from '../reader/inline-dom';

export function snippetFragment(
  snippet: string,
  marks: ReadonlyArray<readonly [number, number]>,
  asMarkdown = false,
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const matched = [...marks]
    .map(([s, e]) => ({ kind: 'match' as const, start: Math.max(0, Math.min(s, snippet.length)), end: Math.max(0, Math.min(e, snippet.length)) }))
    .filter((m) => m.end > m.start);
  const markup = asMarkdown
    ? inlineMarkup(snippet).filter((m): m is LookMark => m.kind === 'syntax' || m.kind === 'style')
    : [];
  let mark: HTMLElement | null = null;
  let markEnd = -1;
  for (const seg of segment(0, snippet.length, [...matched, ...markup])) {
    let node: Node = document.createTextNode(snippet.slice(seg.start, seg.end));
    const looks = seg.decorations.filter((d): d is LookMark => d.kind !== 'match');
    if (looks.length) {
      const span = document.createElement('span');
      span.className = [...new Set(looks.map(markupClass))].join(' ');
      span.append(node);
      node = span;
    }
    const match = seg.decorations.find((d) => d.kind === 'match');
    if (!match) { mark = null; fragment.appendChild(node); continue; }
    // One <mark> per matched word, even where markup cuts it into several runs.
    if (!mark || markEnd !== seg.start) {
      mark = document.createElement('mark');
      fragment.appendChild(mark);
    }
    mark.appendChild(node);
    markEnd = seg.end;
  }
  return fragment;
}
