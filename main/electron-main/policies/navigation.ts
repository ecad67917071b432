import { isAppUrl } from './app-origin';
import { toSafeExternalUrl } from './external-link';

/** What to do with a navigation or a `window.open` request. */
export type NavigationDecision =
  | { readonly action: 'allow' }
  | { readonly action: 'deny' }
  /** Deny in the app, and open this (already vetted) URL in the OS browser or mail program. */
  | { readonly action: 'open-external'; readonly url: string };

/**
 * `will-navigate` / `will-frame-navigate`: the window may only move within our own origin. A link to
 * the web is opened in the OS browser if it passes the external-link policy; everything else
 * (file://, data:, javascript:, other custom schemes, other hosts on our scheme) is dropped.
 */
export function decideNavigation(targetUrl: unknown): NavigationDecision {
  if (isAppUrl(targetUrl)) return { action: 'allow' };
  return denyOrOpenExternal(targetUrl);
}

/**
 * `setWindowOpenHandler`: the app never opens a second window, not even one of its own pages;
 * web links go to the OS browser under the external-link policy.
 */
export function decideWindowOpen(targetUrl: unknown): Exclude<NavigationDecision, { action: 'allow' }> {
  return denyOrOpenExternal(targetUrl);
}

function denyOrOpenExternal(targetUrl: unknown): Exclude<NavigationDecision, { action: 'allow' }> {
  const external = toSafeExternalUrl(targetUrl);
  return external === null ? { action: 'deny' } : { action: 'open-external', url: external };
}
