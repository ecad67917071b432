/**
 * Decorations: what is painted over the open source (highlights in their colours, search matches,
 * the target passage) and the "quoted by" markers, kept per source. `set` reports which block
 * ranges changed so the reader re-renders only those.
 */
import type { AnchoredAnnotation, Block, ColorDef } from '../../../main/common/contract';
import type { QuotingNote } from './annotation-panels';
import type { Decoration } from './decorations';
import { blockIndexAt } from '../../../main/common/library/locator';
import type { OffsetRange } from './offsets';

export class AnnotationLayer {
  annotations: AnchoredAnnotation[] = [];
  colors: ColorDef[] = [];
  matches: Decoration[] = [];
  target: (Decoration & { kind: 'target' }) | null = null;
  private decorations: Decoration[] = [];
  private markers = new Map<number, QuotingNote[]>();
  /** Annotations as they were when drawn, by a key of what their drawing depends on. */
  private drawn = new Map<string, AnchoredAnnotation>();

  constructor(private readonly blocks: () => readonly Block[]) {}

  /** A new source (or a new version of it): nothing of the old one is on screen. */
  reset(): void {
    this.annotations = [];
    this.drawn = new Map();
  }

  setTarget(target: OffsetRange | undefined): void {
    this.target = target ? { kind: 'target', ...target } : null;
  }

  find(id: string | undefined): AnchoredAnnotation | undefined {
    return this.annotations.find((x) => x.id === id);
  }

  /** Every decoration of the open source (a PDF's pages draw them all). */
  get all(): readonly Decoration[] {
    return this.decorations;
  }

  /** The decorations that touch a block. */
  inBlock(block: Block): Decoration[] {
    return this.decorations.filter((d) => d.end > block.start && d.start < block.end);
  }

  markersOf(index: number): QuotingNote[] | undefined {
    return this.markers.get(index);
  }

  rebuild(): void {
    const blocks = this.blocks();
    const colorOf = new Map(this.colors.map((c) => [c.name.toLowerCase(), c.color]));
    const highlights: Decoration[] = [];
    this.markers = new Map();
    const sorted = [...this.annotations].sort((a, b) => a.created.localeCompare(b.created));
    for (const a of sorted) {
      if (!a.anchor) continue;
      highlights.push({
        kind: 'highlight', id: a.id, start: a.anchor.start, end: a.anchor.end, name: a.color,
        color: colorOf.get(a.color.toLowerCase()) ?? '#c8c8c8', quote: a.kind === 'quote', ...(a.comment ? { comment: a.comment } : {}),
      });
      if (a.quotedBy.length) {
        const i = blockIndexAt(blocks, a.anchor.start);
        const list = this.markers.get(i) ?? [];
        for (const q of a.quotedBy) list.push({ annotationId: a.id, path: q.path, title: q.title });
        this.markers.set(i, list);
      }
    }
    this.decorations = [...highlights, ...this.matches, ...(this.target ? [this.target] : [])];
  }

  /**
   * Replaces the annotations shown and returns the block ranges [from, to) whose decorations
   * changed, merged so each block is named once however many of its highlights changed.
   */
  set(annotations: AnchoredAnnotation[]): Array<[number, number]> {
    const blocks = this.blocks();
    const key = (a: AnchoredAnnotation) =>
      `${a.id}|${a.kind}|${a.color}|${a.anchor?.start}|${a.anchor?.end}|${a.comment ?? ''}|${a.quotedBy.map((q) => q.path).join(',')}`;
    // Keys of what is on screen were taken when it was drawn: the objects may have changed since.
    const before = this.drawn;
    const after = new Map(annotations.map((a) => [key(a), a]));
    const changed = [...before].filter(([k]) => !after.has(k)).concat([...after].filter(([k]) => !before.has(k))).map(([, a]) => a);
    this.drawn = new Map(annotations.map((a) => [key(a), { ...a, anchor: a.anchor && { ...a.anchor } }]));
    this.annotations = annotations;
    this.rebuild();
    const spans = changed.flatMap((a) => a.anchor
      ? [[blockIndexAt(blocks, a.anchor.start), blockIndexAt(blocks, Math.max(a.anchor.start, a.anchor.end - 1)) + 1] as [number, number]]
      : []).sort((x, y) => x[0] - y[0]);
    const runs: Array<[number, number]> = [];
    for (const [from, to] of spans) {
      const run = runs[runs.length - 1];
      if (run && from <= run[1]) run[1] = Math.max(run[1], to);
      else runs.push([from, to]);
    }
    return runs;
  }

  /** The colour to use: `preferred` if the user has one so named, else their first. */
  defaultColor(preferred?: string): string {
    const match = preferred && this.colors.find((c) => c.name.toLowerCase() === preferred);
    return match ? match.name : this.colors[0]?.name ?? 'highlight';
  }
}
