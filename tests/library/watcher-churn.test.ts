/**
 * A storm of changes, as a sync client or an unpacked archive makes them: files and folders
 * created, edited, deleted, renamed and deleted-and-re-created in quick succession. Afterwards the
 * library must agree with the disk (checked by walking the disk, not by asking the watcher).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../main/node/backend/backend';
import { indexWorkerUrl, repoRoot } from '../contract/fixture';
import { seededRandom } from '../support/seeded-random';
import { until } from '../support/until';

function filesOnDisk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesOnDisk(root, p));
    else if (entry.isFile() && statSync(path.join(root, p)).size > 0) out.push(p);
  }
  return out;
}

describe('the library watcher under a storm of changes', () => {
  let base: string;
  let backend: Backend | undefined;
  afterEach(async () => {
    await backend?.close();
    await rm(base, { recursive: true, force: true });
  });

  it('agrees with the disk after 300 creates, edits, deletes, renames and re-created folders', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sb-churn-'));
    const lib = path.join(base, 'library');
    await cp(path.join(repoRoot, 'seeds'), lib, { recursive: true });
    await chmod(lib, 0o755);
    backend = await Backend.open({ libraryFolders: [lib], notebookDir: path.join(base, 'notebook'), cacheDir: path.join(base, 'cache'), workerUrl: await indexWorkerUrl() });
    await backend.library.ready;

    const random = seededRandom(13);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const folders = ['d0', 'd1', 'd2', 'd1/e'];
    for (let op = 0; op < 300; op++) {
      const dir = pick(folders);
      const abs = path.join(lib, dir);
      const r = random();
      try {
        if (r < 0.45) {
          mkdirSync(abs, { recursive: true });
          writeFileSync(path.join(abs, `f${Math.floor(random() * 12)}.md`), `# Note ${op}\n\nChurn word w${op}.\n`);
        } else if (r < 0.6) {
          const files = readdirSync(abs).filter((f) => f.endsWith('.md'));
          if (files.length) rmSync(path.join(abs, pick(files)));
        } else if (r < 0.75) {
          const files = readdirSync(abs).filter((f) => f.endsWith('.md'));
          if (files.length) renameSync(path.join(abs, pick(files)), path.join(abs, `r${op}.md`));
        } else if (r < 0.85) {
          rmSync(abs, { recursive: true, force: true });
          mkdirSync(abs, { recursive: true });
        } else if (r < 0.95) {
          const other = pick(folders.filter((f) => !f.startsWith(dir) && !dir.startsWith(f)));
          mkdirSync(path.dirname(path.join(lib, other)), { recursive: true });
          rmSync(path.join(lib, other), { recursive: true, force: true });
          renameSync(abs, path.join(lib, other));
        } else {
          rmSync(abs, { recursive: true, force: true });
        }
      } catch {
        // The folder this op wanted is gone (an earlier op removed it): that is churn too.
      }
      if (op % 25 === 0) await new Promise((r2) => setImmediate(r2));
    }

    const api = backend;
    const expected = filesOnDisk(lib).sort();
    await until(async () => {
      const paths = (await api.getLibrary()).sources.map((s) => s.path).sort();
      return JSON.stringify(paths) === JSON.stringify(expected);
    }, `the library lists exactly the ${expected.length} files on disk`, 20_000);
    const last = expected.find((p) => p.endsWith('.md'));
    if (last) {
      const source = await api.getSource(last);
      expect((await api.search(`"${source.text.match(/w\d+/)![0]}"`)).hits.some((h) => h.path === last)).toBe(true);
    }
  });
});
