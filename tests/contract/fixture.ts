import { cp, mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { NotebookApi } from '../../main/common/contract';
import { Backend } from '../../main/node/backend/backend';
import { bundleWorker, disposeWorkerBundles } from '../search/worker-bundle';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let workerBundle: Promise<URL> | undefined;

/** The index worker bundled once per test file, as the app's build does. */
export function indexWorkerUrl(): Promise<URL> {
  workerBundle ??= bundleWorker();
  return workerBundle;
}

// Registered in the root suite of whichever test file uses this fixture.
afterAll(async () => {
  workerBundle = undefined;
  await disposeWorkerBundles();
});

export interface BackendFixture {
  backend: Backend;
  libraryDir: string;
  notebookDir: string;
  cleanup(): Promise<void>;
}

/** A backend on a private copy of the sample library and an empty notebook. */
export async function openSampleBackend(): Promise<BackendFixture> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'sb-contract-'));
  const libraryDir = path.join(base, 'library');
  const notebookDir = path.join(base, 'notebook');
  await cp(path.join(repoRoot, 'seeds'), libraryDir, { recursive: true });
  await chmod(libraryDir, 0o755);
  for (const f of ['000_fc16814f2607de2a.txt', '003_c38cac0ff9cc0db6.txt']) await chmod(path.join(libraryDir, f), 0o644);
  const backend = await Backend.open({
    libraryFolders: [libraryDir], notebookDir, cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl(), watch: true,
  });
  await backend.library.ready;
  return {
    backend, libraryDir, notebookDir,
    async cleanup() {
      await backend.close();
      await rm(base, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Quotes the first `sentence` in source `sourceId`, as "Quote to note" does; also gives the source as it was then. */
export async function quoteSentence(api: NotebookApi, sourceId: string, sentence: string) {
  const source = await api.getSource(sourceId);
  const start = source.text.indexOf(sentence);
  const quote = await api.createAnnotation({ kind: 'quote', sourceId, start, end: start + sentence.length });
  return { source, start, quote };
}
