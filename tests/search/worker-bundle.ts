/**
 * Bundles the index worker for a test file, so tests never depend on the app build.
 * Call `disposeWorkerBundles()` in afterAll to remove the bundles this test file made.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const made: string[] = [];

/** `entry`: another worker entry to bundle in its place (a test's wrapper around it). */
export async function bundleWorker(entry = path.resolve(__dirname, '../../main/node/search/index-worker.ts')): Promise<URL> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-search-worker-'));
  made.push(dir);
  const outfile = path.join(dir, 'index-worker.mjs');
  await build({
    entryPoints: [entry],
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return pathToFileURL(outfile);
}

export async function disposeWorkerBundles(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
