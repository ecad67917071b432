/**
 * Renders a long list of blocks in windows around the viewport.
 *
 * Blocks are grouped in chunks; every chunk is always in the DOM, either rendered or as an empty
 * placeholder of its estimated (later: measured) height, so the scrollbar covers the whole source
 * from the start. Chunks near the viewport are rendered on scroll; far ones are emptied again.
 * When a chunk above the viewport changes height as it renders, the scroll position is corrected
 * so the text being read does not jump.
 */

export interface WindowViewOptions {
  scroller: HTMLElement;
  content: HTMLElement;
  count: number;
  /** Estimated height in pixels of block i before it is rendered. */
  estimate(index: number): number;
  render(index: number): HTMLElement;
}

interface Chunk {
  el: HTMLElement;
  first: number;
  last: number; // exclusive
  height: number;
  rendered: boolean;
}

/** Blocks per chunk: the unit rendered and emptied together. */
const CHUNK_SIZE = 40;
const MARGIN_SCREENS = 1.5;
const KEEP_SCREENS = 6;

export class WindowView {
  private readonly chunks: Chunk[] = [];
  private frame = 0;
  private readonly onScroll = () => {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.update(); });
  };

  constructor(private readonly opts: WindowViewOptions) {
    const fragment = document.createDocumentFragment();
    for (let first = 0; first < opts.count; first += CHUNK_SIZE) {
      const last = Math.min(opts.count, first + CHUNK_SIZE);
      let height = 0;
      for (let i = first; i < last; i++) height += opts.estimate(i);
      const el = document.createElement('div');
      el.className = 'chunk';
      el.style.height = `${height}px`;
      fragment.appendChild(el);
      this.chunks.push({ el, first, last, height, rendered: false });
    }
    opts.content.appendChild(fragment);
    opts.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    // A pane resized by its splitter shows more or fewer lines: fill the view again.
    if (typeof ResizeObserver === 'function') {
      this.resize = new ResizeObserver(this.onScroll);
      this.resize.observe(opts.scroller);
    }
  }

  private resize: ResizeObserver | null = null;

  dispose(): void {
    this.opts.scroller.removeEventListener('scroll', this.onScroll);
    this.resize?.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
  }

  /** The element of block i if it is rendered. */
  blockElement(index: number): HTMLElement | null {
    const chunk = this.chunks[Math.floor(index / CHUNK_SIZE)];
    if (!chunk?.rendered) return null;
    return (chunk.el.children[index - chunk.first] as HTMLElement | undefined) ?? null;
  }

  /** Renders block i's chunk (and its neighbours) and returns the block's element. */
  ensure(index: number): HTMLElement | null {
    const c = Math.floor(index / CHUNK_SIZE);
    for (const n of [c, c - 1, c + 1]) this.renderChunk(n);
    return this.blockElement(index);
  }

  /** Scrolls so that `y` pixels into block i sit a third of the way down the viewport. */
  scrollToBlock(index: number, y = 0): void {
    const el = this.ensure(index);
    if (!el) return;
    // Both the scroller and the content are positioned, so offsets are relative to the content.
    const top = this.opts.content.offsetTop + el.offsetTop;
    this.opts.scroller.scrollTop = Math.max(0, top + y - this.opts.scroller.clientHeight / 3);
    this.update();
  }

  /** Re-renders the blocks of rendered chunks (decorations changed), optionally only those in [from, to). */
  refresh(from = 0, to = Number.MAX_SAFE_INTEGER): void {
    for (const chunk of this.chunks) {
      if (!chunk.rendered || chunk.last <= from || chunk.first >= to) continue;
      for (let i = Math.max(from, chunk.first); i < Math.min(to, chunk.last); i++) {
        const old = chunk.el.children[i - chunk.first];
        if (old) chunk.el.replaceChild(this.opts.render(i), old);
      }
    }
  }

  /** Renders the chunks near the viewport and empties those far from it. */
  update(): void {
    const { scroller, content } = this.opts;
    const view = Math.max(scroller.clientHeight, 1);
    for (let n = 0; n < this.chunks.length; n++) {
      const chunk = this.chunks[n]!;
      const scrollTop = scroller.scrollTop; // rendering a chunk above the viewport moves it
      const y = content.offsetTop + chunk.el.offsetTop;
      const h = chunk.rendered ? chunk.el.offsetHeight : chunk.height;
      if (y + h >= scrollTop - view * MARGIN_SCREENS && y <= scrollTop + view * (1 + MARGIN_SCREENS)) this.renderChunk(n);
      else if (chunk.rendered && (y + h < scrollTop - view * KEEP_SCREENS || y > scrollTop + view * KEEP_SCREENS)) this.emptyChunk(n);
    }
  }

  private renderChunk(n: number): void {
    const chunk = this.chunks[n];
    if (!chunk || chunk.rendered) return;
    const fragment = document.createDocumentFragment();
    for (let i = chunk.first; i < chunk.last; i++) fragment.appendChild(this.opts.render(i));
    chunk.el.appendChild(fragment);
    chunk.el.style.height = '';
    chunk.rendered = true;
    const measured = chunk.el.offsetHeight;
    if (measured > 0 && measured !== chunk.height) {
      const above = this.opts.content.offsetTop + chunk.el.offsetTop + chunk.height <= this.opts.scroller.scrollTop;
      if (above) this.opts.scroller.scrollTop += measured - chunk.height;
      chunk.height = measured;
    }
  }

  private emptyChunk(n: number): void {
    const chunk = this.chunks[n]!;
    const measured = chunk.el.offsetHeight;
    if (measured > 0) chunk.height = measured;
    chunk.el.style.height = `${chunk.height}px`;
    while (chunk.el.firstChild) chunk.el.removeChild(chunk.el.firstChild);
    chunk.rendered = false;
  }
}
