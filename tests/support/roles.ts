/**
 * Finding elements the way assistive technology and a user do: by ARIA role (explicit, or the
 * one the HTML element implies) and accessible name. A small subset of the accname algorithm:
 * aria-labelledby, aria-label, a label element, then the text content for roles named by it.
 */
const IMPLICIT: Array<[string, string]> = [
  ['button', 'button, input[type="button"], input[type="submit"], input[type="reset"], summary'],
  ['link', 'a[href]'],
  ['searchbox', 'input[type="search"]'],
  ['textbox', 'textarea, input:not([type]), input[type="text"], input[type="email"], input[type="url"], input[type="tel"]'],
  ['checkbox', 'input[type="checkbox"]'],
  ['radio', 'input[type="radio"]'],
  ['combobox', 'select:not([multiple])'],
  ['listbox', 'select[multiple]'],
  ['option', 'option'],
  ['dialog', 'dialog'],
  ['heading', 'h1, h2, h3, h4, h5, h6'],
  ['list', 'ul, ol'],
  ['listitem', 'li'],
  ['status', 'output'],
  ['navigation', 'nav'],
  ['region', 'section[aria-label], section[aria-labelledby]'],
  ['group', 'details, fieldset'],
  ['figure', 'figure'],
  ['complementary', 'aside'],
  ['contentinfo', 'footer'],
  ['main', 'main'],
  ['paragraph', 'p'],
  ['mark', 'mark'],
];
const NAMED_BY_CONTENT = new Set(['button', 'link', 'heading', 'option', 'listitem', 'tab', 'menuitem', 'cell', 'switch', 'checkbox', 'radio']);

export function roleOf(el: Element): string | null {
  const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
  if (explicit) return explicit;
  return IMPLICIT.find(([, selector]) => el.matches(selector))?.[0] ?? null;
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

export function accessibleName(el: Element): string {
  const doc = el.ownerDocument;
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) return fold(labelledBy.split(/\s+/).map((id) => doc.getElementById(id)?.textContent ?? '').join(' '));
  const label = el.getAttribute('aria-label');
  if (label?.trim()) return fold(label);
  if (el.id) {
    // jsdom has no CSS.escape: compare the attribute instead of building a selector from the id.
    const forLabel = [...doc.querySelectorAll('label[for]')].find((l) => l.getAttribute('for') === el.id);
    if (forLabel) return fold(forLabel.textContent ?? '');
  }
  const wrapping = el.closest('label');
  if (wrapping && el.matches('input, select, textarea')) return fold(wrapping.textContent ?? '');
  const role = roleOf(el);
  if (role && NAMED_BY_CONTENT.has(role)) return fold(el.textContent ?? '');
  return fold(el.getAttribute('title') ?? '');
}

function isHidden(el: Element): boolean {
  return Boolean(el.closest('[hidden], [aria-hidden="true"]')) || (el.matches('dialog') && !(el as HTMLDialogElement).open);
}

const matchesName = (actual: string, name: string | RegExp | undefined) =>
  name === undefined || (typeof name === 'string' ? actual === name : name.test(actual));

/** Every visible element under `root` with `role` (and `name`, exact or a pattern), in document order. */
export function allByRole<E extends HTMLElement = HTMLElement>(root: ParentNode, role: string, name?: string | RegExp): E[] {
  return [...root.querySelectorAll<E>('*')].filter((el) => roleOf(el) === role && !isHidden(el) && matchesName(accessibleName(el), name));
}

/** The one such element, or null; more than one is an error (the name does not say which). */
export function byRole<E extends HTMLElement = HTMLElement>(root: ParentNode, role: string, name?: string | RegExp): E | null {
  const found = allByRole<E>(root, role, name);
  if (found.length > 1) throw new Error(`${found.length} elements have role ${role}${name === undefined ? '' : ` named ${String(name)}`}`);
  return found[0] ?? null;
}

/** Like byRole, but failing with what was looked for when there is none. */
export function getByRole<E extends HTMLElement = HTMLElement>(root: ParentNode, role: string, name?: string | RegExp): E {
  const el = byRole<E>(root, role, name);
  if (!el) throw new Error(`no element has role ${role}${name === undefined ? '' : ` named ${String(name)}`}`);
  return el;
}
