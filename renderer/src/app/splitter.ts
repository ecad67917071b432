/**
 * A pane splitter: drag with the pointer, or focus it and use the arrow keys (Shift for bigger
 * steps, Home/End for the limits). A window splitter in ARIA terms: role "separator" with a value.
 */
export interface SplitterOptions {
  label: string;
  /** Width in pixels of the pane the splitter resizes. */
  get(): number;
  set(px: number): void;
  min: number;
  max(): number;
  /** +1 when moving right grows the pane (left pane), -1 when it shrinks it (right pane). */
  direction: 1 | -1;
}

export function splitter(opts: SplitterOptions): HTMLElement {
  const el = document.createElement('div');
  el.className = 'splitter';
  el.tabIndex = 0;
  el.setAttribute('role', 'separator');
  el.setAttribute('aria-orientation', 'vertical');
  el.setAttribute('aria-label', opts.label);
  const apply = (px: number) => {
    const clamped = Math.round(Math.max(opts.min, Math.min(opts.max(), px)));
    opts.set(clamped);
    el.setAttribute('aria-valuenow', String(clamped));
    el.setAttribute('aria-valuemin', String(opts.min));
    el.setAttribute('aria-valuemax', String(Math.round(opts.max())));
    el.setAttribute('aria-valuetext', `${clamped} pixels wide`);
  };
  apply(opts.get());
  el.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 80 : 20;
    const moves: Record<string, number> = { ArrowLeft: -step, ArrowRight: step };
    if (e.key in moves) apply(opts.get() + moves[e.key]! * opts.direction);
    else if (e.key === 'Home') apply(opts.min);
    else if (e.key === 'End') apply(opts.max());
    else return;
    e.preventDefault();
  });
  el.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    el.setPointerCapture?.(e.pointerId);
    const startX = e.clientX;
    const startWidth = opts.get();
    el.classList.add('dragging');
    const move = (m: PointerEvent) => apply(startWidth + (m.clientX - startX) * opts.direction);
    const up = () => {
      el.classList.remove('dragging');
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  });
  return el;
}
