/**
 * Fetching sources ahead of a click, without getting in the way of typing: a book's text is
 * megabytes, and fetched at every key it took the page's main thread (decoding it) and the server
 * (serialising it) from the next key's results. So the best results' sources are fetched only
 * once typing pauses on them, and an item's source once the pointer or the focus rests on it.
 */

/** How long typing must pause on a list before its best sources are fetched. */
export const PREFETCH_PAUSE_MS = 300;
/** How long the pointer or the keyboard rests on an item before its source is fetched: a sweep across the list fetches nothing. */
export const HIT_REST_MS = 100;

export class FetchAhead {
  private pause: ReturnType<typeof setTimeout> | undefined;
  private resting: { sourceId: string; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly prefetch: (sourceId: string) => void) {}

  /** A list was shown: its best sources are fetched unless typing goes on within the pause. */
  afterPause(sourceIds: readonly string[]): void {
    this.typing();
    this.pause = setTimeout(() => { for (const id of sourceIds) this.prefetch(id); }, PREFETCH_PAUSE_MS);
  }

  /** Typing went on: the list shown is not the one to fetch for. */
  typing(): void {
    clearTimeout(this.pause);
  }

  /** The pointer or the focus is now on an item of `sourceId` (or on none): the source is fetched if it stays. */
  restOn(sourceId: string | undefined): void {
    if (sourceId !== undefined && this.resting?.sourceId === sourceId) return;
    if (this.resting) clearTimeout(this.resting.timer);
    this.resting = sourceId === undefined ? null : {
      sourceId,
      timer: setTimeout(() => { this.resting = null; this.prefetch(sourceId); }, HIT_REST_MS),
    };
  }

  dispose(): void {
    this.typing();
    this.restOn(undefined);
  }
}
