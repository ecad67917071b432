/** One run of a word diff: text that is in both versions, only in the new one, or only in the old one. */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Words and the runs of non-word characters between them (punctuation, spaces) are the tokens. */
function tokens(s: string): string[] {
  return s.match(/[\p{L}\p{N}_\p{M}]+|\s+|[^\p{L}\p{N}_\p{M}\s]/gu) ?? [];
}

const isSpace = (t: string) => /^\s+$/.test(t);
/** Whitespace differences (re-wrapped lines, CRLF) are not edits a reader cares about. */
const same = (a: string, b: string) => a === b || (isSpace(a) && isSpace(b));

/**
 * Myers' O((N+M)·D) shortest edit script over token arrays, so a long quote with a small edit
 * costs little; returns, for each token of `a` and `b`, whether it is common to both.
 */
export function commonTokens(a: readonly string[], b: readonly string[]): { inA: Uint8Array; inB: Uint8Array } {
  const n = a.length, m = b.length, max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && same(a[x]!, b[y]!)) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  const inA = new Uint8Array(n), inB = new Uint8Array(m);
  let x = n, y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x--; y--; inA[x] = 1; inB[y] = 1; }
    if (d > 0) { x = prevX; y = prevY; }
  }
  return { inA, inB };
}

/** A run of tokens as the diff walks both texts: equal runs keep both sides' text (whitespace may differ). */
interface Run { op: DiffOp['op']; old: string; now: string }

/** For each token of `a`, the index of the token of `b` it is paired with by the diff, or -1. */
export function pairTokens(a: readonly string[], b: readonly string[]): Int32Array {
  const { inA, inB } = commonTokens(a, b);
  const pair = new Int32Array(a.length).fill(-1);
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (!inA[i]) continue;
    while (!inB[j]) j++;
    pair[i] = j++;
  }
  return pair;
}

/**
 * A word-level diff from `oldText` (as quoted) to `newText` (the passage now), for the "source
 * changed since quoted" badge and the review list. Runs of the same kind are merged. Whitespace-only
 * differences count as equal (and show the new whitespace), so a re-wrapped passage diffs as one
 * 'equal' run. The one word diff of the app: the renderer shows these ops as they are.
 */
export function wordDiff(oldText: string, newText: string): DiffOp[] {
  const a = tokens(oldText), b = tokens(newText);
  const { inA, inB } = commonTokens(a, b);
  const runs: Run[] = [];
  const push = (op: DiffOp['op'], old: string, now: string) => {
    const last = runs[runs.length - 1];
    if (last && last.op === op) { last.old += old; last.now += now; } else runs.push({ op, old, now });
  };
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && !inA[i]) { push('delete', a[i++]!, ''); continue; }
    if (j < b.length && !inB[j]) { push('insert', '', b[j++]!); continue; }
    push('equal', a[i]!, b[j]!); i++; j++;
  }
  return readable(runs);
}

/**
 * Two replaced words in a row read as one replaced phrase ("beautiful lie" → "convenient story"),
 * not as two replacements around an unchanged space: a whitespace-only equal run between two
 * replacements is folded into them. Folding needs a replacement on both sides, so that each
 * side's whitespace lands in a run of that side's text.
 */
function readable(runs: Run[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = '', ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = ''; ins = '';
  };
  const replacementAt = (k: number) => {
    let d = false, n = false;
    for (; k < runs.length && runs[k]!.op !== 'equal'; k++) { if (runs[k]!.op === 'delete') d = true; else n = true; }
    return d && n;
  };
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k]!;
    if (r.op === 'delete') { del += r.old; continue; }
    if (r.op === 'insert') { ins += r.now; continue; }
    if (del && ins && isSpace(r.old) && replacementAt(k + 1)) { del += r.old; ins += r.now; continue; }
    flush();
    out.push({ op: 'equal', text: r.now });
  }
  flush();
  return out;
}
