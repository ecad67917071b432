/**
 * One small floating panel at a time inside the reader (selection toolbar, "quoted by" list,
 * highlight editor). Closes on Escape and on a click outside; returns focus where it came from.
 */
export class Popover {
  private current: { el: HTMLElement; onClose?: () => void; returnFocus: Element | null } | null = null;

  private readonly outside = (e: MouseEvent) => {
    if (this.current && !this.current.el.contains(e.target as Node)) this.close(false);
  };

  constructor(private readonly host: HTMLElement) {
    document.addEventListener('mousedown', this.outside);
    host.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.current) {
        e.stopPropagation();
        this.close(true);
      }
    });
  }

  dispose(): void {
    this.close(false);
    document.removeEventListener('mousedown', this.outside);
  }

  get element(): HTMLElement | null {
    return this.current?.el ?? null;
  }

  /** Shows `el` below the client rectangle `at` (viewport coordinates), kept inside the host. */
  open(el: HTMLElement, at: { left: number; bottom: number; top: number }, opts: { focus?: boolean; onClose?: () => void } = {}): void {
    this.close(false);
    el.classList.add('popover');
    this.host.appendChild(el);
    this.current = { el, onClose: opts.onClose, returnFocus: document.activeElement };
    this.move(el, at);
    if (opts.focus) (el.querySelector('button, input, textarea, select') as HTMLElement | null)?.focus();
  }

  move(el: HTMLElement, at: { left: number; bottom: number; top: number }): void {
    const host = this.host.getBoundingClientRect();
    const width = el.offsetWidth || 240;
    const height = el.offsetHeight || 40;
    const left = Math.max(4, Math.min(at.left - host.left, host.width - width - 4));
    let top = at.bottom - host.top + 6;
    if (top + height > host.height && at.top - host.top - height - 6 > 0) top = at.top - host.top - height - 6;
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
  }

  close(restoreFocus: boolean): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    current.el.remove();
    current.onClose?.();
    if (restoreFocus && current.returnFocus instanceof HTMLElement) current.returnFocus.focus();
  }
}
