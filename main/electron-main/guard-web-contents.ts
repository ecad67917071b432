import type { WebContents } from 'electron';
import { decideNavigation, decideWindowOpen } from './policies/navigation';
import type { GestureGate } from './policies/user-gesture';

export interface GuardDeps {
  openExternal(url: string): void;
  gestures: GestureGate;
  now(): number;
}

/**
 * Applies the navigation, new-window and webview policies to a webContents. Navigation of any
 * frame (`will-navigate`, `will-frame-navigate`) and every redirect (`will-redirect`) stays on
 * our origin; what leaves it is cancelled, and a vetted web or mail link reaches the OS only
 * right after a click or key press in the window (policies/user-gesture.ts).
 */
export function guardWebContents(contents: WebContents, deps: GuardDeps): void {
  const external = (url: string) => {
    if (deps.gestures.take(deps.now())) deps.openExternal(url);
  };
  contents.on('input-event', (_event, input) => deps.gestures.noteInput(input, deps.now()));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.action === 'open-external') external(decision.url);
    return { action: 'deny' };
  });
  const guardNavigation = (event: { preventDefault(): void; url: string }) => {
    const decision = decideNavigation(event.url);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-external') external(decision.url);
  };
  contents.on('will-navigate', guardNavigation);
  // Every frame, the main one included (will-navigate does not see every main-frame navigation).
  contents.on('will-frame-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
}
