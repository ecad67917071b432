/**
 * Query round 3 over one shard: the hits of the documents that made the merged top, each with
 * its snippet and marks, and, for a hit found only through typo variants of a query word, those
 * variants (`typos`), so the app can say "also: customizing".
 */
import type { SearchHit } from '../../common/contract';
import { seekDoc } from './doc-list';
import { KINDS } from './doc-store';
import { phraseRegExp } from './phrase';
import type { HitsRequest, PlanNode, ScoredTerm } from './plan';
import { FIELD_COUNT } from './segment';
import type { ShardView as Shard } from './shard-view';
import { makeSnippet } from './snippet';

export function shardHits(shard: Shard, req: HitsRequest): SearchHit[] {
  const terms = new Set<string>();
  const phrases: RegExp[] = [];
  const typoWords: ScoredTerm[][] = [];
  const walk = (node: PlanNode) => {
    if (node.type === 'word') {
      const chosen = req.terms[node.spec] ?? [];
      for (const t of chosen) terms.add(t.term);
      if (chosen.some((t) => t.typo)) typoWords.push(chosen);
    } else if (node.type === 'phrase') phrases.push(phraseRegExp(node.text));
    else if (node.type === 'and' || node.type === 'or') node.children.forEach(walk);
  };
  walk(req.tree);
  const holds = holder(shard);
  return req.docs.map((d, i) => {
    const hit = makeHit(shard, d, req.scores[i]!, terms, phrases);
    const typos = typoWords.flatMap((chosen) => typoOnly(holds, d, chosen));
    if (typos.length) hit.typos = [...new Set(typos)];
    return hit;
  });
}

/** The typo variants of one query word that document `d` holds, when it holds none of the word's exact or prefix terms. */
function typoOnly(holds: (term: string, d: number) => boolean, d: number, chosen: ScoredTerm[]): string[] {
  if (chosen.some((t) => !t.typo && holds(t.term, d))) return [];
  return chosen.filter((t) => t.typo && holds(t.term, d)).map((t) => t.term);
}

/**
 * Whether document `d` has `term` in any field (a binary search per segment and field). Each
 * term's postings are read once for all the hits of a page (a common word's are megabytes).
 */
function holder(shard: Shard): (term: string, d: number) => boolean {
  const read = new Map<string, Array<{ docs: Uint32Array; from: number; to: number }>>();
  return (term, d) => {
    let runs = read.get(term);
    if (!runs) {
      runs = [];
      for (const seg of shard.segments) {
        const t = seg.find(term);
        if (t < 0) continue;
        for (let f = 0; f < FIELD_COUNT; f++) if (seg.df(t, f) > 0) runs.push(seg.postings(t, f));
      }
      read.set(term, runs);
    }
    return runs.some(({ docs, from, to }) => { const p = seekDoc(docs, d, from, to); return p < to && docs[p] === d; });
  };
}

function makeHit(shard: Shard, d: number, score: number, terms: Set<string>, phrases: RegExp[]): SearchHit {
  const s = shard.store;
  const { snippet, marks, terms: found } = makeSnippet(s.text(d), terms, phrases);
  const hit: SearchHit = {
    kind: KINDS[s.col('kind')[d]!]!,
    path: s.str(d, 'path')!,
    title: s.str(d, 'title')!,
    start: s.cold.start.get(d),
    end: s.cold.end.get(d),
    snippet,
    marks,
    terms: found,
    score,
  };
  const sourceId = s.str(d, 'sourceId');
  const heading = s.str(d, 'heading');
  const annotationId = s.str(d, 'annotationId');
  if (sourceId !== undefined) hit.sourceId = sourceId;
  if (heading !== undefined) hit.heading = heading;
  if (annotationId !== undefined) hit.annotationId = annotationId;
  return hit;
}
