/**
 * A recording stand-in for the backend, for testing the transport alone: every contract method
 * exists, logs its (already validated) arguments, and answers from `overrides` or refuses with
 * `not-found`. `emit` plays a backend event.
 */
import { ApiError, methodNames } from '../../main/common/contract/api';
import type { MethodName, NotebookApi, NotebookEvent } from '../../main/common/contract/api';

export interface FakeBackend {
  readonly api: NotebookApi;
  readonly calls: Array<{ method: MethodName; args: unknown[] }>;
  emit(event: NotebookEvent): void;
  listenerCount(): number;
}

export function createFakeBackend(overrides: Partial<Record<MethodName, (...args: any[]) => Promise<unknown>>> = {}): FakeBackend {
  const calls: FakeBackend['calls'] = [];
  const listeners = new Set<(event: NotebookEvent) => void>();
  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    api[method] = async (...args: unknown[]) => {
      calls.push({ method, args });
      const override = overrides[method];
      if (!override) throw new ApiError('not-found', `${method} is not part of this fake backend`);
      return override(...args);
    };
  }
  api.subscribe = (listener: (event: NotebookEvent) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    api: api as unknown as NotebookApi,
    calls,
    emit: (event) => listeners.forEach((listener) => listener(event)),
    listenerCount: () => listeners.size,
  };
}
