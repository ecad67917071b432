/**
 * The re-anchoring development sets (../shared/anchoring/reanchor-*), scored in process.
 *
 * A case is a hit by the sets' own rule (score.mjs): null for a deleted passage; otherwise the
 * overlap with the expected span covers ≥ 80% of it and ≥ 80% of the returned span. Beyond the
 * reference scorer this reports, per set and per repository, the exact-span rate of edited cases
 * and how often a re-anchor at or above REVIEW_THRESHOLD (one that moves without review) is wrong.
 * The bench checks its hit counts against the reference scorer's in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnchorResult, Selectors } from '../../main/common/anchoring';
import { anchoringData } from './fixtures';

export const DEV_SETS = ['reanchor-dev', 'reanchor-more'].map((name) => path.join(anchoringData, name, 'cases.jsonl'));
export const STATUSES = ['exact', 'moved', 'edited', 'deleted'] as const;
export type Status = (typeof STATUSES)[number];

export interface Case {
  id: string; repo: string; path: string; newText: string; exact: string; prefix: string; suffix: string;
  oldStart: number; oldEnd: number; expected: { status: Status; start?: number; end?: number };
}

export interface LoadedSet { name: string; file: string; cases: Case[]; text: (c: Case) => string }

export function loadSet(file: string): LoadedSet {
  const base = path.dirname(file);
  const cases = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
  const texts = new Map<string, string>();
  const text = (c: Case) => {
    let t = texts.get(c.newText);
    if (t === undefined) texts.set(c.newText, (t = fs.readFileSync(path.resolve(base, c.newText), 'utf8')));
    return t;
  };
  return { name: path.basename(base), file, cases, text };
}

export function selectorsOf(c: Case): Selectors {
  return [
    { type: 'TextQuoteSelector', exact: c.exact, prefix: c.prefix, suffix: c.suffix },
    { type: 'TextPositionSelector', start: c.oldStart, end: c.oldEnd },
  ];
}

/** The sets' hit rule (see score.mjs). */
export function isHit(c: Case, got: { start: number; end: number } | null): boolean {
  const e = c.expected;
  if (e.status === 'deleted') return got === null;
  if (!got || e.start === undefined || e.end === undefined) return false;
  const inter = Math.max(0, Math.min(e.end, got.end) - Math.max(e.start, got.start));
  return inter >= 0.8 * Math.max(1, e.end - e.start) && inter >= 0.8 * Math.max(1, got.end - got.start);
}

/** One case's outcome: what came back, whether it is right, whether the span is exactly the expected one. */
export interface Outcome { c: Case; got: AnchorResult | null; hit: boolean; exactSpan: boolean }

export function run(set: LoadedSet, anchorFn: (text: string, sel: Selectors) => AnchorResult | null): Outcome[] {
  return set.cases.map((c) => {
    const got = anchorFn(set.text(c), selectorsOf(c));
    return { c, got, hit: isHit(c, got), exactSpan: !!got && got.start === c.expected.start && got.end === c.expected.end };
  });
}

export interface Tally {
  cases: number;
  byStatus: Record<Status, { n: number; hit: number }>;
  micro: number;
  falseAnchorsOnDeleted: number;
  editedExactSpan: { n: number; of: number };
  /** Re-anchors at or above the review threshold (they move silently) and how many are wrong; fuzzy ones alone too. */
  aboveReview: { n: number; wrong: number; fuzzy: number; fuzzyWrong: number };
}

const pct = (a: number, b: number) => (b ? (100 * a) / b : NaN);

export function tally(outcomes: Outcome[], reviewThreshold: number): Tally {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, { n: 0, hit: 0 }])) as Tally['byStatus'];
  const aboveReview = { n: 0, wrong: 0, fuzzy: 0, fuzzyWrong: 0 };
  let exactSpans = 0;
  for (const o of outcomes) {
    const s = byStatus[o.c.expected.status];
    s.n++;
    if (o.hit) s.hit++;
    if (o.c.expected.status === 'edited' && o.exactSpan) exactSpans++;
    if (o.got && o.got.confidence >= reviewThreshold) {
      aboveReview.n++;
      if (!o.hit) aboveReview.wrong++;
      if (o.got.status === 'fuzzy') { aboveReview.fuzzy++; if (!o.hit) aboveReview.fuzzyWrong++; }
    }
  }
  const deleted = byStatus.deleted;
  return {
    cases: outcomes.length,
    byStatus,
    micro: pct(STATUSES.reduce((a, s) => a + byStatus[s].hit, 0), outcomes.length),
    falseAnchorsOnDeleted: pct(deleted.n - deleted.hit, deleted.n),
    editedExactSpan: { n: exactSpans, of: byStatus.edited.n },
    aboveReview,
  };
}

const f1 = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(1)}%`);

export const TABLE_HEAD = '| | cases | exact | moved | edited | deleted → orphan | micro | false anchors on deleted | edited exact spans | wrong ≥ review (all / fuzzy) |\n|---|---|---|---|---|---|---|---|---|---|';

/** One Markdown table row (the bench prints them; docs/anchoring.md and the README quote them). */
export function row(label: string, t: Tally): string {
  const st = (s: Status) => f1(pct(t.byStatus[s].hit, t.byStatus[s].n));
  const r = t.aboveReview;
  return `| ${label} | ${t.cases} | ${st('exact')} | ${st('moved')} | ${st('edited')} | ${st('deleted')} | ${f1(t.micro)} | ${f1(t.falseAnchorsOnDeleted)}`
    + ` | ${t.editedExactSpan.n}/${t.editedExactSpan.of} (${f1(pct(t.editedExactSpan.n, t.editedExactSpan.of))})`
    + ` | ${r.wrong}/${r.n} (${f1(pct(r.wrong, r.n))}) / ${r.fuzzyWrong}/${r.fuzzy} (${f1(pct(r.fuzzyWrong, r.fuzzy))}) |`;
}

/** The targets of issue 11, checked per set: which are met. */
export function unmetTargets(t: Tally): string[] {
  const acc = (s: Status) => pct(t.byStatus[s].hit, t.byStatus[s].n);
  const out: string[] = [];
  if (acc('exact') < 100) out.push('exact < 100%');
  if (t.byStatus.moved.n && acc('moved') < 100) out.push('moved < 100%');
  if (acc('edited') < 97) out.push('edited < 97%');
  if (acc('deleted') < 98) out.push('deleted → orphan < 98%');
  if (t.micro < 98) out.push('micro < 98%');
  if (t.falseAnchorsOnDeleted > 2) out.push('false anchors > 2%');
  if (pct(t.aboveReview.fuzzyWrong, t.aboveReview.fuzzy) > 1) out.push('wrong share ≥ review threshold > 1%');
  return out;
}
