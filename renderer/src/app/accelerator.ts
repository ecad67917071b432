/**
 * Electron accelerators ("CmdOrCtrl+Shift+Q") matched against DOM key events, and shown the way
 * the platform writes them (⌘⇧Q on macOS, Ctrl+Shift+Q elsewhere).
 */

export interface Chord {
  primary: boolean; // Cmd on macOS, Ctrl elsewhere
  shift: boolean;
  alt: boolean;
  key: string; // upper-case letter, digit, or a named key ("Up", "Enter", "F3")
}

const NAMED_CODES: Record<string, string> = {
  Up: 'ArrowUp', Down: 'ArrowDown', Left: 'ArrowLeft', Right: 'ArrowRight',
  Enter: 'Enter', Return: 'Enter', Esc: 'Escape', Escape: 'Escape', Space: 'Space', Tab: 'Tab',
};

export function parseAccelerator(accelerator: string): Chord {
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    primary: mods.has('cmdorctrl') || mods.has('commandorcontrol') || mods.has('ctrl') || mods.has('cmd'),
    shift: mods.has('shift'),
    alt: mods.has('alt') || mods.has('option'),
    key: key.length === 1 ? key.toUpperCase() : key,
  };
}

/** The key as an accelerator names it. Uses `code` for letters and digits so Shift/Alt layouts still match. */
function eventKey(event: KeyboardEvent): string {
  const code = event.code ?? '';
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  const named = Object.entries(NAMED_CODES).find(([, dom]) => event.key === dom || code === dom);
  if (named) return NAMED_CODES[named[0]]!;
  return event.key.length === 1 ? event.key.toUpperCase() : event.key;
}

export function matchesChord(event: KeyboardEvent, chord: Chord, isMac: boolean): boolean {
  const primary = isMac ? event.metaKey : event.ctrlKey;
  const other = isMac ? event.ctrlKey : event.metaKey;
  if (primary !== chord.primary || other || event.shiftKey !== chord.shift || event.altKey !== chord.alt) return false;
  return eventKey(event) === (NAMED_CODES[chord.key] ?? chord.key);
}

export function formatAccelerator(accelerator: string, isMac: boolean): string {
  const chord = parseAccelerator(accelerator);
  const arrows: Record<string, string> = { Up: '↑', Down: '↓', Left: '←', Right: '→' };
  const key = arrows[chord.key] ?? chord.key;
  if (isMac) return `${chord.alt ? '⌥' : ''}${chord.shift ? '⇧' : ''}${chord.primary ? '⌘' : ''}${key}`;
  return [chord.primary && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', key].filter(Boolean).join('+');
}

export function isMacPlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator): boolean {
  return /Mac|iPhone|iPad/.test(nav.platform || nav.userAgent);
}
