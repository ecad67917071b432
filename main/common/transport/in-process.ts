import { methodNames, notebookMethods, parseArgs, type MethodName, type NotebookApi } from '../contract';

// Every runtime this code meets (Node 17+, Chromium, workers) has it; the pure layer's lib does not declare it.
declare function structuredClone<T>(value: T): T;

/**
 * The NotebookApi in the same process, held to the same rules as the other transports:
 * arguments parsed by the contract's schemas, results checked against theirs, and both
 * copied, so a caller never shares mutable state with the backend.
 */
export function createInProcessApi(backend: NotebookApi): NotebookApi {
  const call = async (name: MethodName, args: unknown[]) => {
    const parsed = parseArgs(name, structuredClone(args)) as unknown[];
    const method = backend[name] as (...a: unknown[]) => Promise<unknown>;
    const result = await method.apply(backend, parsed);
    return structuredClone(notebookMethods[name].result.parse(result));
  };
  const api = Object.fromEntries(methodNames.map((name) => [name, (...args: unknown[]) => call(name, args)])) as unknown as NotebookApi;
  api.subscribe = (listener) => backend.subscribe((event) => listener(structuredClone(event)));
  return api;
}
