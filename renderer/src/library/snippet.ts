/**
 * A search snippet with its matched words in <mark> elements, built from text nodes so that
 * whatever the source contains is shown as text, never interpreted as markup.
 */
export function snippetFragment(snippet: string, marks: ReadonlyArray<readonly [number, number]>): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const ranges = [...marks]
    .map(([s, e]) => [Math.max(0, Math.min(s, snippet.length)), Math.max(0, Math.min(e, snippet.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let cursor = 0;
  for (const [s, e] of ranges) {
    if (e <= cursor) continue; // overlaps the previous mark
    const start = Math.max(s, cursor);
    if (start > cursor) fragment.appendChild(document.createTextNode(snippet.slice(cursor, start)));
    const mark = document.createElement('mark');
    mark.textContent = snippet.slice(start, e);
    fragment.appendChild(mark);
    cursor = e;
  }
  if (cursor < snippet.length) fragment.appendChild(document.createTextNode(snippet.slice(cursor)));
  return fragment;
}
