import { describe, expect, it } from 'vitest';
import { createGestureGate } from '../../main/electron-main/policies/user-gesture';

describe('the user-gesture gate for opening links outside the app', () => {
  it('opens nothing without a click or key press', () => {
    const gate = createGestureGate(1000);
    expect(gate.take(5000)).toBe(false);
    gate.noteInput({ type: 'mouseMove' }, 5000);
    gate.noteInput({ type: 'mouseWheel' }, 5000);
    expect(gate.take(5001)).toBe(false);
  });

  it('opens one link right after a click, and not a second from the same click', () => {
    const gate = createGestureGate(1000);
    gate.noteInput({ type: 'mouseDown' }, 1000);
    expect(gate.take(1200)).toBe(true);
    expect(gate.take(1201)).toBe(false);
  });

  it('forgets a gesture after the window, and one from the future (a clock step)', () => {
    const gate = createGestureGate(1000);
    gate.noteInput({ type: 'keyDown' }, 1000);
    expect(gate.take(2500)).toBe(false);
    gate.noteInput({ type: 'keyDown' }, 9000);
    expect(gate.take(8000)).toBe(false);
  });

  it.each([[null], [undefined], [{}], [{ type: 42 }], [{ type: 'mouseEnter' }]])('ignores %j as input', (input) => {
    const gate = createGestureGate(1000);
    gate.noteInput(input as never, 10);
    expect(gate.take(11)).toBe(false);
  });
});
