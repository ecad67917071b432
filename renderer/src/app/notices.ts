/**
 * The app's one notification channel: short messages in one live region, each with at most one
 * action ("Undo") and a Dismiss button; errors stay until dismissed or replaced, the rest fade
 * after a while. The shell owns the instance and hands it to every view (reader, notes, review),
 * so messages never compete in two places.
 */
export type NoticeKind = 'info' | 'error';

export interface NoticeAction {
  label: string;
  run(): void | Promise<void>;
}

export interface NoticeOptions {
  kind?: NoticeKind;
  action?: NoticeAction;
  /** How long an info message stays (errors stay until dismissed). */
  timeoutMs?: number;
}

const INFO_MS = 10_000;
/** Older messages go when there are more than this: the newest are what the user acted on. */
const MAX_SHOWN = 4;

export class Notices {
  readonly el: HTMLElement;

  constructor(private readonly doc: Document = document) {
    this.el = doc.createElement('div');
    this.el.className = 'sb-notices';
    this.el.setAttribute('role', 'status');
    this.el.setAttribute('aria-live', 'polite');
    this.el.setAttribute('aria-label', 'Notifications');
  }

  show(message: string, options: NoticeOptions = {}): void {
    const { doc } = this;
    const notice = doc.createElement('div');
    notice.className = 'sb-notice';
    notice.dataset.kind = options.kind ?? 'info';
    const text = doc.createElement('span');
    text.textContent = message;
    notice.append(text);
    const close = () => notice.remove();
    const button = (label: string, onClick: () => void, ariaLabel?: string) => {
      const b = doc.createElement('button');
      b.type = 'button';
      b.textContent = label;
      if (ariaLabel) b.setAttribute('aria-label', ariaLabel);
      b.addEventListener('click', onClick);
      notice.append(b);
      return b;
    };
    const { action } = options;
    if (action) button(action.label, () => { close(); void action.run(); });
    button('×', close, 'Dismiss').classList.add('sb-notice-close');
    this.el.append(notice);
    while (this.el.childElementCount > MAX_SHOWN) this.el.firstElementChild!.remove();
    if (notice.dataset.kind !== 'error') (doc.defaultView ?? globalThis).setTimeout(close, options.timeoutMs ?? INFO_MS);
  }

  /** The messages shown now, oldest first (what a screen reader has announced). */
  messages(): string[] {
    return [...this.el.querySelectorAll('.sb-notice > span')].map((s) => s.textContent ?? '');
  }
}
