/**
 * Runs an async function after the input settles, and delivers only the newest answer: a slow
 * response to an old query never overwrites the results of a newer one.
 */
export function latestDebounced<A, R>(
  run: (arg: A) => Promise<R>,
  deliver: (result: R, arg: A) => void,
  fail: (error: unknown, arg: A) => void,
  delayMs: number,
): { (arg: A): void; now(arg: A): Promise<void>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const now = async (arg: A) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const mine = ++seq;
    try {
      const result = await run(arg);
      if (mine === seq) deliver(result, arg);
    } catch (e) {
      if (mine === seq) fail(e, arg);
    }
  };
  const schedule = (arg: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void now(arg), delayMs);
  };
  schedule.now = now;
  schedule.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    seq++;
  };
  return schedule;
}
