/** A word-level diff, enough to show what changed in a quoted passage. */
export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

/** Words with the white space after them, so joining the parts restores the text. */
function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

// Longest-common-subsequence tables grow with the product of the lengths; past this, the diff
// shows the whole passage replaced instead of spending seconds on a quote nobody reads word by word.
const MAX_CELLS = 4_000_000;

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  // Trim the common head and tail first: drift is usually a few words.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  if (head) push('same', a.slice(0, head).join(''));
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    if (midA.length) push('removed', midA.join(''));
    if (midB.length) push('added', midB.join(''));
  } else {
    const n = midA.length;
    const m = midB.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = midA[i] === midB[j]
          ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) { push('same', midA[i]!); i++; j++; }
      else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) { push('removed', midA[i]!); i++; }
      else { push('added', midB[j]!); j++; }
    }
    while (i < n) push('removed', midA[i++]!);
    while (j < m) push('added', midB[j++]!);
  }
  if (tail) push('same', a.slice(a.length - tail).join(''));
  return parts;
}
