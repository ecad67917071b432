import { ApiError, methodNames } from '../common/contract/api';
import type { NotebookApi, NotebookEvent, Unsubscribe } from '../common/contract/api';

/**
 * A NotebookApi usable at once while the real one is still opening (the backend scans the library
 * before it is ready; the window should not wait for that). Calls wait for `ready`; if opening
 * failed, every call rejects with an `internal` ApiError that says why, so the renderer can show
 * it instead of hanging. Subscriptions made early are attached when the backend arrives.
 */
export function deferredApi(ready: Promise<NotebookApi>): NotebookApi {
  const failed = ready.then(
    () => undefined,
    (error: unknown) => new ApiError('internal', `The notebook could not be opened: ${error instanceof Error ? error.message : String(error)}`),
  );
  const backend = async (): Promise<NotebookApi> => {
    const failure = await failed;
    if (failure) throw failure;
    return ready;
  };
  const api: Record<string, unknown> = {};
  for (const name of methodNames) {
    api[name] = async (...args: unknown[]) => {
      const real = await backend();
      return (real[name] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
    };
  }
  api.subscribe = (listener: (event: NotebookEvent) => void): Unsubscribe => {
    let unsubscribe: Unsubscribe | undefined;
    let cancelled = false;
    void backend().then(
      (real) => {
        if (!cancelled) unsubscribe = real.subscribe(listener);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  };
  return api as unknown as NotebookApi;
}
