/**
 * A robustness check beyond the development set (`npm run bench:anchoring -- --prose`): quotes
 * from random Gutenberg paragraphs, each edited one way (words inserted at the start, end or
 * middle of the quote, an edge word deleted, 20% or 35% of its inner words replaced, or its whole
 * paragraph deleted), scored like the reanchor-dev scorer (80% overlap both ways; null for deleted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { anchor, describe, type Selectors } from '../../main/common/anchoring';
import { seededRandom } from '../support/seeded-random';
import { shared } from './fixtures';

const FILLER = ['indeed', 'as it were', 'of course', 'for the most part', 'so to speak', 'without doubt', 'in a manner of speaking', 'nevertheless'];
const KINDS = ['words inserted at start', 'words inserted at end', 'words inserted in middle', 'edge word deleted', '20% words replaced', '35% words replaced', 'paragraph deleted'] as const;
type Kind = (typeof KINDS)[number];

function edit(kind: Kind, words: string[], rnd: () => number): string {
  const filler = FILLER[Math.floor(rnd() * FILLER.length)]!;
  const pick = () => FILLER[Math.floor(rnd() * FILLER.length)]!.split(' ')[0]!;
  switch (kind) {
    case 'words inserted at start': return [words[0]!, filler, ...words.slice(1)].join(' ');
    case 'words inserted at end': return [...words.slice(0, -1), filler, words[words.length - 1]!].join(' ');
    case 'words inserted in middle': { const k = words.length >> 1; return [...words.slice(0, k), filler, filler, ...words.slice(k)].join(' '); }
    case 'edge word deleted': return (rnd() < 0.5 ? words.slice(1) : words.slice(0, -1)).join(' ');
    case '20% words replaced': return words.map((w, i) => (i > 0 && i < words.length - 1 && rnd() < 0.2 ? pick() : w)).join(' ');
    case '35% words replaced': return words.map((w, i) => (i > 0 && i < words.length - 1 && rnd() < 0.35 ? pick() : w)).join(' ');
    default: return '';
  }
}

export function runProseEdits(json: boolean, trials = 350): void {
  const dir = path.join(shared, 'corpora/gutenberg');
  if (!fs.existsSync(dir)) { console.log('prose edits: skipped (../shared/corpora/gutenberg is not on this machine)'); return; }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const rnd = seededRandom(42);
  const stats = new Map<Kind, { n: number; hit: number; orphaned: number; wrong: number }>(KINDS.map((k) => [k, { n: 0, hit: 0, orphaned: 0, wrong: 0 }]));
  for (let t = 0; t < trials; t++) {
    const text = fs.readFileSync(path.join(dir, files[Math.floor(rnd() * files.length)]!), 'utf8');
    const paras = [...text.matchAll(/[^\n](?:[^\n]|\n(?!\n))+/g)].filter((m) => m[0].length > 250);
    if (paras.length === 0) continue;
    const para = paras[Math.floor(rnd() * paras.length)]!;
    const words = [...para[0].matchAll(/\S+/g)];
    const first = Math.floor(rnd() * (words.length - 8));
    const count = 4 + Math.floor(rnd() * Math.min(25, words.length - first - 4));
    const qs = para.index + words[first]!.index;
    const qe = para.index + words[first + count - 1]!.index + words[first + count - 1]![0].length;
    const selectors: Selectors = [describe(text, qs, qe), { type: 'TextPositionSelector', start: qs, end: qe }];
    const kind = KINDS[t % KINDS.length]!;
    const st = stats.get(kind)!;
    let newText: string, expected: { start: number; end: number } | null = null;
    if (kind === 'paragraph deleted') newText = text.slice(0, para.index) + text.slice(para.index + para[0].length);
    else {
      const quote = edit(kind, text.slice(qs, qe).split(' '), rnd);
      if (quote.trim() === '') continue;
      newText = text.slice(0, qs) + quote + text.slice(qe);
      expected = { start: qs, end: qs + quote.length };
    }
    st.n++;
    const got = anchor(newText, selectors);
    if (expected === null) { if (got === null) st.hit++; else st.wrong++; continue; }
    if (got === null) { st.orphaned++; continue; }
    const inter = Math.max(0, Math.min(expected.end, got.end) - Math.max(expected.start, got.start));
    if (inter >= 0.8 * (expected.end - expected.start) && inter >= 0.8 * (got.end - got.start)) st.hit++; else st.wrong++;
  }
  const rows = [...stats].map(([kind, v]) => ({ kind, ...v, accuracy: +(100 * v.hit / Math.max(1, v.n)).toFixed(1) }));
  if (json) { console.error(JSON.stringify({ proseEdits: rows })); return; }
  console.log(`\nprose edits (${trials} quotes from Gutenberg paragraphs, one edit each):`);
  for (const r of rows) console.log(`  ${r.kind.padEnd(26)} n=${String(r.n).padStart(3)}  right ${String(r.accuracy).padStart(5)}%   orphaned ${r.orphaned}   wrong place ${r.wrong}`);
}
