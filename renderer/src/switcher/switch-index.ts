/**
 * What the quick switcher and `[[` autocomplete find by name: notes, sources, and the headings and
 * chapters of sources, in one MiniSearch index held in the renderer. Titles are short, so the
 * whole index is a few hundred kilobytes at 10,000 items and a query is a fraction of a
 * millisecond: prefix search for what is being typed, fuzzy search for typos, exact words first.
 */
import MiniSearch from 'minisearch';
import type { Heading, NoteSummary, SourceSummary } from '../../../main/common/contract';

export type SwitchItem =
  | { id: string; kind: 'note'; title: string; path: string }
  | { id: string; kind: 'source'; title: string; sourceId: string; detail: string }
  | { id: string; kind: 'heading'; title: string; sourceId: string; at: number; detail: string };

/** A source as the switcher lists it; `outline` when the library sends it. */
export type SwitchSource = Pick<SourceSummary, 'id' | 'title' | 'path'> & { author?: string; headings?: readonly Heading[] };

const KIND_ORDER: Record<SwitchItem['kind'], number> = { note: 0, source: 1, heading: 2 };

export class SwitchIndex {
  private search = this.empty();
  private items = new Map<string, SwitchItem>();
  /** Notes then sources by title: the list for an empty query, sorted once. */
  private listed: SwitchItem[] = [];
  /** Everything, in listing order (notes, sources, then headings), with lower-cased titles. */
  private all: SwitchItem[] = [];
  private lowered = new Map<string, string>();

  /** Replaces everything indexed with these notes and sources. */
  setAll(notes: readonly Pick<NoteSummary, 'path' | 'title'>[], sources: readonly SwitchSource[]): void {
    const items: SwitchItem[] = [];
    for (const n of notes) items.push({ id: `n:${n.path}`, kind: 'note', title: n.title, path: n.path });
    for (const s of sources) {
      items.push({ id: `s:${s.id}`, kind: 'source', title: s.title, sourceId: s.id, detail: s.author ? `${s.author} · ${s.path}` : s.path });
      for (const h of s.headings ?? []) {
        items.push({ id: `h:${s.id}:${h.start}`, kind: 'heading', title: h.text, sourceId: s.id, at: h.start, detail: s.title });
      }
    }
    this.search = this.empty();
    this.items = new Map(items.map((i) => [i.id, i]));
    this.search.addAll(items);
    const collator = new Intl.Collator();
    this.listed = items.filter((i) => i.kind !== 'heading')
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(a.title, b.title));
    this.all = [...this.listed, ...items.filter((i) => i.kind === 'heading')];
    this.lowered = new Map(items.map((i) => [i.id, i.title.toLowerCase()]));
  }

  get size(): number {
    return this.items.size;
  }

  /**
   * The best `limit` items for `query`: words as typed (prefix and, from three letters on, with a
   * typo or two), notes before sources before headings at equal scores. An empty query lists
   * notes and sources by title.
   */
  find(query: string, limit = 50, kinds?: ReadonlySet<SwitchItem['kind']>): SwitchItem[] {
    const wanted = (i: SwitchItem) => !kinds || kinds.has(i.kind);
    if (!query.trim()) {
      const out: SwitchItem[] = [];
      for (const i of this.listed) if (wanted(i) && out.push(i) >= limit) break;
      return out;
    }
    const lower = query.trim().toLowerCase();
    // One or two letters name thousands of index terms: a scan of the titles is cheaper then.
    if (lower.length < 3) return this.startingWith(lower, limit, wanted);
    const hits = this.search.search(query, {
      // Only the word being typed (the last) is a prefix; a letter alone is no prefix at all.
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
      fuzzy: (term, i, terms) => (term.length >= 4 && i < terms.length - 1 ? 0.2 : term.length >= 5 ? 0.15 : false),
      maxFuzzy: 2,
      combineWith: 'AND',
      filter: (r) => wanted(this.items.get(r.id as string)!),
    });
    return hits
      .map((h) => {
        const item = this.items.get(h.id as string)!;
        // A title that starts with what was typed is what was meant.
        const starts = item.title.toLowerCase().startsWith(lower) ? 2 : 1;
        return { item, score: h.score * starts };
      })
      .sort((a, b) => b.score - a.score || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind])
      .slice(0, limit)
      .map((h) => h.item);
  }

  /** Titles that start with `lower`, then titles with a word that does, in listing order. */
  private startingWith(lower: string, limit: number, wanted: (i: SwitchItem) => boolean): SwitchItem[] {
    const first: SwitchItem[] = [];
    const later: SwitchItem[] = [];
    for (const i of this.all) {
      if (!wanted(i)) continue;
      const t = this.lowered.get(i.id)!;
      if (t.startsWith(lower)) { if (first.push(i) >= limit) break; } else if (later.length < limit && t.includes(' ' + lower)) later.push(i);
    }
    return first.concat(later).slice(0, limit);
  }

  private empty(): MiniSearch<SwitchItem> {
    return new MiniSearch<SwitchItem>({ fields: ['title'], storeFields: [], idField: 'id' });
  }
}
