/** The parent's side of notebook-child.ts: spawn, call, kill. The child is bundled once (fast starts). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

/** Bundles the child into out/bench/ (inside the repo, so its packages resolve from node_modules). */
export async function bundleChild(): Promise<string> {
  const outfile = path.join(repoRoot, 'out', 'bench', 'notebook-child.mjs');
  await build({
    entryPoints: [path.join(here, 'notebook-child.ts')], outfile, bundle: true, platform: 'node', format: 'esm',
    target: 'node20', packages: 'external', logLevel: 'silent',
  });
  return outfile;
}

export interface ChildAnswer {
  value?: unknown;
  error?: { code: string; message: string };
}

export class NotebookChild {
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  private readonly process: ChildProcess;
  private next = 1;
  private readonly pending = new Map<number, (answer: ChildAnswer) => void>();
  alive = true;

  constructor(bundle: string, folder: string, sourceFile: string, options: { watch?: boolean } = {}) {
    this.process = spawn(process.execPath, [bundle, folder, sourceFile, options.watch ? 'watch' : ''], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.process.stdin!.on('error', () => undefined);
    let markReady!: () => void;
    this.ready = new Promise((resolve) => { markReady = resolve; });
    this.exited = new Promise((resolve) => this.process.once('exit', () => { this.alive = false; resolve(); }));
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as ChildAnswer & { id?: number; ready?: boolean };
      if (message.ready) markReady();
      else if (message.id !== undefined) {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    });
  }

  /** Calls a Notebook method in the child; resolves with its answer, or never if the child dies first. */
  call(method: string, ...args: unknown[]): Promise<ChildAnswer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.process.stdin!.write(JSON.stringify({ id, method, args }) + '\n');
    });
  }

  kill(): Promise<void> {
    this.process.kill('SIGKILL');
    return this.exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.process.stdin!.write(JSON.stringify({ id: 0, method: 'exit', args: [] }) + '\n');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
