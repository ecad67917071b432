/**
 * Polls `probe` until it returns something truthy, for behaviour that settles asynchronously
 * (a file watcher, an index worker, a page). Fails with what it waited for and the last value.
 */
export async function until<T>(probe: () => Promise<T> | T, what: string, ms = 60_000, every = 100): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)?.slice(0, 300)})`);
}
