/** Promise-based calls into one index worker. */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerReplies, WorkerRequest, WorkerResponse } from './worker-protocol';

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.worker.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.message));
    });
    // The first cause sticks: an uncaught error or close() is followed by an 'exit' that says less.
    const fail = (error: Error) => {
      const cause = (this.failure ??= error);
      for (const p of this.pending.values()) p.reject(cause);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the index worker stopped (exit code ${code})`)));
  }

  /** True once the worker stopped (crashed, exited or terminated): every later call rejects. */
  get broken(): boolean { return this.failure !== null; }

  call<K extends WorkerRequest['op']>(request: Extract<WorkerRequest, { op: K }>): Promise<WorkerReplies[K]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...request } as WorkerMessage);
    });
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error('the search engine is closed');
    await this.worker.terminate();
  }
}
