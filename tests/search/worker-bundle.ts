/**
 * Bundles the index worker for a test file, so search tests never depend on the app build.
 * Call `dispose` in afterAll to remove the bundle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function bundleWorker(): Promise<{ url: URL; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-search-worker-'));
  const outfile = path.join(dir, 'index-worker.mjs');
  await build({
    entryPoints: [path.resolve(__dirname, '../../main/node/search/index-worker.ts')],
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { url: pathToFileURL(outfile), dispose: () => rm(dir, { recursive: true, force: true }) };
}
