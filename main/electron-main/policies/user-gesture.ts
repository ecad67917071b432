/**
 * Whether the page may hand a URL to another program now: only right after the user clicked or
 * pressed a key in our window, and once per such gesture. A page (or a subverted renderer) that
 * calls `window.open` or navigates by script, on a timer or in a loop, gets nothing opened;
 * a person clicking a link gets exactly that link opened.
 */
export interface GestureGate {
  /** Electron's `input-event` on our webContents. */
  noteInput(input: { type?: unknown }, now: number): void;
  /** True (once) if a gesture happened within the window; using it consumes it. */
  take(now: number): boolean;
}

/** Input that is a person acting: pressing, not moving or scrolling. */
const GESTURES = new Set(['mouseDown', 'mouseUp', 'keyDown', 'rawKeyDown', 'char', 'touchStart', 'touchEnd', 'gestureTap']);

export function createGestureGate(windowMs = 1000): GestureGate {
  let last = Number.NEGATIVE_INFINITY;
  return {
    noteInput(input, now) {
      if (typeof input?.type === 'string' && GESTURES.has(input.type)) last = now;
    },
    take(now) {
      if (now - last > windowMs || now < last) return false;
      last = Number.NEGATIVE_INFINITY;
      return true;
    },
  };
}
