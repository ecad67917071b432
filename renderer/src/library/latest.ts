/**
 * Runs a request for every new input at once (no wait for typing to pause) and delivers only
 * the answer to the newest input.
 *
 * At most one request is in flight. Input that arrives meanwhile waits, and only the newest of it
 * is sent when the flight lands: typing faster than the backend answers skips the queries in
 * between instead of queueing them. The answer to an input that a newer one replaced is dropped,
 * so a slow answer to an old query never overwrites the results of a newer one.
 */
export interface Latest<A> {
  /** Sends `arg` now, or when the request in flight lands; resolves when no answer is awaited any more. */
  (arg: A): Promise<void>;
  /** Whether an answer that will be delivered is still awaited. */
  readonly busy: boolean;
  /** Resolves when no answer is awaited (at once when none is). */
  idle(): Promise<void>;
  /** Forgets the waiting input and drops the answer in flight. */
  cancel(): void;
}

export function latestOnly<A, R>(
  run: (arg: A) => Promise<R>,
  deliver: (result: R, arg: A) => void,
  fail: (error: unknown, arg: A) => void,
): Latest<A> {
  let waiting: { arg: A } | null = null;
  let flying = false;
  /** Bumped by every new input and by cancel: an answer is delivered only if none came since it was sent. */
  let generation = 0;
  let flightGeneration = -1;
  let idlers: Array<() => void> = [];

  const settle = () => {
    const done = idlers;
    idlers = [];
    for (const resolve of done) resolve();
  };
  const pump = () => {
    if (flying) return;
    if (!waiting) { settle(); return; }
    const { arg } = waiting;
    waiting = null;
    flying = true;
    const mine = flightGeneration = generation;
    const landed = () => { flying = false; pump(); };
    run(arg).then(
      (result) => { flying = false; if (mine === generation) deliver(result, arg); pump(); },
      (error: unknown) => { flying = false; if (mine === generation) fail(error, arg); pump(); },
    ).catch((error: unknown) => {
      // deliver or fail threw: keep the runner going, and let the error surface.
      landed();
      queueMicrotask(() => { throw error; });
    });
  };
  const idle = () => (flying || waiting ? new Promise<void>((resolve) => idlers.push(resolve)) : Promise.resolve());

  const latest = ((arg: A) => {
    generation++;
    waiting = { arg };
    pump();
    return idle();
  }) as Latest<A>;
  Object.defineProperty(latest, 'busy', { get: () => waiting !== null || (flying && flightGeneration === generation) });
  latest.idle = idle;
  latest.cancel = () => {
    generation++;
    waiting = null;
    pump();
  };
  return latest;
}
