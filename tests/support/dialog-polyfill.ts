/**
 * jsdom has `<dialog>` but not its behaviour. This gives it the part the app relies on, as
 * Chromium does it: `showModal()` opens and moves focus in as the dialog focusing steps do, `close()` closes and
 * fires `close`, and Escape fires a cancelable `cancel` on the topmost modal dialog, closing it
 * unless cancelled. Focus containment is the browser's own: it is tested in Chromium (tests/e2e).
 */
const proto = window.HTMLDialogElement.prototype as HTMLDialogElement & { __sbPolyfilled?: boolean };
if (!proto.__sbPolyfilled) {
  const modals: HTMLDialogElement[] = [];
  Object.defineProperty(proto, '__sbPolyfilled', { value: true });
  Object.defineProperty(proto, 'open', {
    configurable: true,
    get(this: HTMLDialogElement) { return this.hasAttribute('open'); },
    set(this: HTMLDialogElement, v: boolean) { this.toggleAttribute('open', v); },
  });
  proto.showModal = function showModal(this: HTMLDialogElement) {
    if (!this.isConnected) throw new DOMException('The dialog is not connected', 'InvalidStateError');
    this.setAttribute('open', '');
    modals.push(this);
    // The dialog focusing steps: the autofocus element, else the first focusable one, else the dialog.
    const first = this.querySelector<HTMLElement>('[autofocus]')
      ?? [...this.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]')]
        .find((el) => !el.closest('[hidden]') && !(el as HTMLButtonElement).disabled && el.tabIndex >= 0);
    (first ?? this).focus();
  };
  proto.show = function show(this: HTMLDialogElement) { this.setAttribute('open', ''); };
  proto.close = function close(this: HTMLDialogElement, returnValue?: string) {
    if (!this.hasAttribute('open')) return;
    if (returnValue !== undefined) this.returnValue = returnValue;
    this.removeAttribute('open');
    modals.splice(modals.indexOf(this) >>> 0, 1);
    this.dispatchEvent(new Event('close'));
  };
  document.addEventListener('keydown', (e) => {
    const top = modals.filter((d) => d.isConnected && d.open).at(-1);
    if (e.key !== 'Escape' || e.defaultPrevented || !top) return;
    if (top.dispatchEvent(new Event('cancel', { cancelable: true }))) top.close();
  });
}
