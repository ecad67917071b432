/**
 * Maps between DOM positions in the reader and character offsets in a source's canonical text.
 *
 * The reader inserts the canonical text verbatim as text nodes and registers each node with the
 * offset of its first character. A DOM boundary point then maps to an offset by arithmetic, with no
 * string search: entities, emoji (surrogate pairs) and CRLF line ends stay exact because the DOM
 * holds the same UTF-16 code units as the canonical text. Nodes that are not registered (markers,
 * buttons) are skipped.
 */

export interface OffsetRange {
  start: number;
  end: number;
}

export class TextOffsetMap {
  private readonly starts = new WeakMap<Text, number>();

  constructor(private readonly root: Element) {}

  /** Declares that `node` holds the canonical text starting at `start`. */
  register(node: Text, start: number): Text {
    this.starts.set(node, start);
    return node;
  }

  startOf(node: Text): number | undefined {
    return this.starts.get(node);
  }

  /**
   * The canonical offset of a DOM boundary point. A point between nodes resolves to the
   * nearest registered text: forwards for the start of a range, backwards for its end, so a
   * selection that ends at the start of the next block does not swallow the gap between blocks.
   */
  offsetAt(container: Node, offset: number, side: 'start' | 'end'): number | null {
    if (container.nodeType === Node.TEXT_NODE) {
      const start = this.starts.get(container as Text);
      if (start !== undefined) return start + Math.min(offset, (container as Text).length);
      return this.nearest(container, side === 'start' ? 'after' : 'before', true);
    }
    const children = container.childNodes;
    if (offset < children.length) {
      const child = children[offset]!;
      return side === 'start'
        ? this.firstIn(child) ?? this.nearest(child, 'after', true)
        : this.nearest(child, 'before', true);
    }
    // After the last child: everything inside the container lies before the point.
    return side === 'start' ? this.nearest(container, 'after', true) : this.lastIn(container) ?? this.nearest(container, 'before', true);
  }

  /** The canonical range covered by a DOM range, or null when it touches no registered text. */
  rangeOffsets(range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>): OffsetRange | null {
    const start = this.offsetAt(range.startContainer, range.startOffset, 'start');
    const end = this.offsetAt(range.endContainer, range.endOffset, 'end');
    if (start === null || end === null || end <= start) return null;
    return { start, end };
  }

  /** The DOM position of a canonical offset inside `scope` (a rendered block), or null if not rendered. */
  pointAt(scope: Node, offset: number, side: 'start' | 'end' = 'start'): { node: Text; offset: number } | null {
    const walker = this.walker(scope);
    let last: { node: Text; offset: number } | null = null;
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const start = this.starts.get(n)!;
      const end = start + n.length;
      // At a boundary between two nodes, a range start belongs to the next node and a range end to the previous one.
      if (offset >= start && (offset < end || (offset === end && side === 'end'))) return { node: n, offset: offset - start };
      if (start > offset) return last && side === 'end' ? last : { node: n, offset: 0 };
      last = { node: n, offset: n.length };
    }
    return last;
  }

  private walker(scope: Node): TreeWalker {
    return document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (this.starts.has(n as Text) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
  }

  private firstIn(node: Node): number | null {
    if (node.nodeType === Node.TEXT_NODE) return this.starts.get(node as Text) ?? null;
    const first = this.walker(node).nextNode() as Text | null;
    return first ? this.starts.get(first)! : null;
  }

  private lastIn(node: Node): number | null {
    if (node.nodeType === Node.TEXT_NODE) {
      const s = this.starts.get(node as Text);
      return s === undefined ? null : s + (node as Text).length;
    }
    const walker = this.walker(node);
    let last: Text | null = null;
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) last = n;
    return last ? this.starts.get(last)! + last.length : null;
  }

  /** The nearest registered text strictly after (or before) `node` in document order, within the root. */
  private nearest(node: Node, direction: 'after' | 'before', skipInside: boolean): number | null {
    const walker = this.walker(this.root);
    walker.currentNode = node;
    if (direction === 'after') {
      if (skipInside) {
        // Move past node's subtree: the last descendant, then onward.
        let deepest: Node = node;
        while (deepest.lastChild) deepest = deepest.lastChild;
        walker.currentNode = deepest;
      }
      const next = walker.nextNode() as Text | null;
      return next ? this.starts.get(next)! : null;
    }
    const prev = walker.previousNode() as Text | null;
    return prev ? this.starts.get(prev)! + prev.length : null;
  }
}
