/**
 * Calibration of MIN_CONFIDENCE with a hold-out (used by `npm run bench:anchoring -- --calibrate`).
 *
 * The chapters of a cases file are split in two halves (alternating, by path). On each half we
 * look at the confidence of the best candidate for every case, and at "absent" trials: every
 * quote anchored in other chapters' texts, where it is not (a large sample of deleted quotes).
 * The threshold that best separates present quotes (found at the right place) from deleted and
 * absent ones is chosen on one half and checked on the other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bestCandidates, MIN_CONFIDENCE, type Selectors } from '../../main/common/anchoring';

interface Case {
  id: string; path: string; newText: string; exact: string; prefix: string; suffix: string;
  oldStart: number; oldEnd: number; expected: { status: string; start?: number; end?: number };
}
interface Trial { half: 0 | 1; kind: 'present' | 'deleted' | 'absent'; conf: number; right: boolean }

function hit(got: { start: number; end: number } | undefined, e: Case['expected']): boolean {
  if (!got || e.start === undefined || e.end === undefined) return false;
  const inter = Math.max(0, Math.min(e.end, got.end) - Math.max(e.start, got.start));
  return inter >= 0.8 * (e.end - e.start) && inter >= 0.8 * (got.end - got.start);
}

function trials(casesPath: string): Trial[] {
  const base = path.dirname(casesPath);
  const cases = fs.readFileSync(casesPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
  const chapters = [...new Set(cases.map((c) => c.path))].sort();
  const halfOf = (p: string) => (chapters.indexOf(p) % 2) as 0 | 1;
  const texts = new Map<string, string>();
  const load = (rel: string) => { if (!texts.has(rel)) texts.set(rel, fs.readFileSync(path.resolve(base, rel), 'utf8')); return texts.get(rel)!; };
  const newTextOf = new Map(cases.map((c) => [c.path, c.newText]));
  const out: Trial[] = [];
  cases.forEach((c, i) => {
    const sel: Selectors = [
      { type: 'TextQuoteSelector', exact: c.exact, prefix: c.prefix, suffix: c.suffix },
      { type: 'TextPositionSelector', start: c.oldStart, end: c.oldEnd },
    ];
    const [best] = bestCandidates(load(c.newText), sel, 1);
    const deleted = c.expected.status === 'deleted';
    out.push({ half: halfOf(c.path), kind: deleted ? 'deleted' : 'present', conf: best?.confidence ?? 0, right: !deleted && hit(best, c.expected) });
    // Two other chapters, chosen deterministically, as places where the quote is certainly absent.
    const others = chapters.filter((p) => p !== c.path);
    for (const k of [i % others.length, (i * 7 + 3) % others.length]) {
      const [elsewhere] = bestCandidates(load(newTextOf.get(others[k]!)!), sel, 1);
      out.push({ half: halfOf(c.path), kind: 'absent', conf: elsewhere?.confidence ?? 0, right: false });
    }
  });
  return out;
}

/** Share of correct decisions at threshold t: present+right must reach it, deleted/absent must not. */
function accuracy(ts: Trial[], t: number) {
  const present = ts.filter((x) => x.kind === 'present');
  const deleted = ts.filter((x) => x.kind === 'deleted');
  const absent = ts.filter((x) => x.kind === 'absent');
  const pct = (a: number, b: number) => (b ? (100 * a) / b : NaN);
  return {
    present: pct(present.filter((x) => x.right && x.conf >= t).length, present.length),
    falseOnDeleted: pct(deleted.filter((x) => x.conf >= t).length, deleted.length),
    falseOnAbsent: pct(absent.filter((x) => x.conf >= t).length, absent.length),
    // Present and deleted weigh equally; absent trials are a proxy for deleted ones and count with them.
    balanced: (pct(present.filter((x) => x.right && x.conf >= t).length, present.length)
      + 100 - pct([...deleted, ...absent].filter((x) => x.conf >= t).length, deleted.length + absent.length)) / 2,
  };
}

function bestThreshold(ts: Trial[]): { from: number; to: number } {
  let best = -1, from = 0, to = 0;
  for (let t = 0.3; t <= 0.9001; t += 0.01) {
    const a = accuracy(ts, t).balanced;
    if (a > best + 1e-9) { best = a; from = t; to = t; } else if (Math.abs(a - best) < 1e-9) to = t;
  }
  return { from: +from.toFixed(2), to: +to.toFixed(2) };
}

export function runCalibration(casesPath: string, json: boolean): void {
  const all = trials(casesPath);
  const halves = [0, 1].map((h) => all.filter((x) => x.half === h));
  const report = halves.map((ts, h) => {
    const chosen = bestThreshold(ts);
    const mid = +((chosen.from + chosen.to) / 2).toFixed(2);
    const other = halves[1 - h]!;
    return { tunedOn: `half ${'AB'[h]}`, bestRange: chosen, midpoint: mid, checkedOn: `half ${'AB'[1 - h]}`, atMidpoint: accuracy(other, mid), atMinConfidence: accuracy(other, MIN_CONFIDENCE) };
  });
  // With --json, stdout carries only the scorer's JSON; the calibration goes to stderr.
  if (json) { console.error(JSON.stringify({ calibration: { minConfidence: MIN_CONFIDENCE, report } })); return; }
  console.log(`\ncalibration (hold-out by chapter halves), MIN_CONFIDENCE = ${MIN_CONFIDENCE}`);
  const f = (x: number) => x.toFixed(1).padStart(5);
  for (const r of report) {
    console.log(`tuned on ${r.tunedOn}: best threshold range ${r.bestRange.from}–${r.bestRange.to} (midpoint ${r.midpoint}); checked on ${r.checkedOn}:`);
    for (const [label, a] of [[`  at ${r.midpoint}`, r.atMidpoint], [`  at MIN_CONFIDENCE`, r.atMinConfidence]] as const) {
      console.log(`${label.padEnd(22)} present found ${f(a.present)}%   false anchors: deleted ${f(a.falseOnDeleted)}%, absent ${f(a.falseOnAbsent)}%`);
    }
  }
}
