import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { SearchHit } from '../common/contract';
import { Backend } from '../node/backend/backend';
import { openIndexedLibrary } from '../node/backend/indexed-library';
import { QueryError } from '../node/search';
import { startLoopbackServer } from '../server/server';
import { CliError, defaultNotebook, existingFolder, rendererDir, sampleLibrary } from './defaults';

export interface CommonFlags {
  library: string[];
  cache?: string;
  /** Index worker threads (= shards); default: the number of cores, at most 4. */
  workers?: number;
}

const libraryFolders = (flags: CommonFlags) => (flags.library.length ? flags.library : [sampleLibrary()]).map((f) => existingFolder(f, 'library'));

/** The library indexed (or restored from its cache) in full, for commands that answer once and exit. */
async function openLibrary(flags: CommonFlags) {
  const opened = await openIndexedLibrary({ folders: libraryFolders(flags), ...(flags.cache ? { cacheDir: path.resolve(flags.cache) } : {}), ...(flags.workers ? { workers: flags.workers } : {}) });
  await opened.library.ready;
  return opened;
}

export async function indexCommand(flags: CommonFlags & { json?: boolean }, out: (line: string) => void) {
  const started = Date.now();
  const { library, engine } = await openLibrary(flags);
  const state = library.state();
  if (flags.json) {
    const prefix = (folder: number) => (state.folders.length > 1 ? `${folder}:` : '');
    out(JSON.stringify({
      sources: state.sources.map((s) => ({ path: prefix(s.folder) + s.path, title: s.title, format: s.format, ...(s.pages !== undefined ? { pages: s.pages } : {}) })),
      unreadable: state.problems.map((p) => ({ path: prefix(p.folder) + p.path, reason: p.message, kind: p.reason })),
    }, null, 2));
    await engine.close();
    return;
  }
  const passages = state.sources.reduce((n, s) => n + s.passageCount, 0);
  out(`indexed ${state.sources.length} sources (${passages} passages) in ${Date.now() - started} ms`);
  for (const p of state.problems) out(`skipped ${p.path}: ${p.message}`);
  await library.close();
  await engine.close();
  // What was indexed is saved; the next run goes on from there (files being read when it broke off are skipped).
  if (library.failure) throw new CliError(`indexing failed: ${library.failure} (${state.sources.length} sources indexed and saved; run again to go on)`);
}

export async function searchCommand(query: string, flags: CommonFlags & { json: boolean; limit: number }, out: (line: string) => void) {
  const { library, engine } = await openLibrary(flags);
  try {
    const results = library.withPages(await engine.search(query, { limit: flags.limit }));
    const hits = results.hits.filter((h) => h.kind === 'passage');
    if (flags.json) {
      out(JSON.stringify(hits.map((h) => ({ source: h.path, title: h.title, heading: h.heading ?? null, ...(h.page ? { page: h.page } : {}), start: h.start, end: h.end, snippet: h.snippet, marks: h.marks, score: h.score })), null, 2));
    } else if (!hits.length) {
      out(`no passages match ${JSON.stringify(query)}`);
    } else {
      hits.forEach((h, i) => out(formatHit(h, i)));
    }
  } catch (error) {
    if (error instanceof QueryError) throw new CliError(`bad query: ${error.message}`);
    throw error;
  } finally {
    await library.close();
    await engine.close();
  }
}

function formatHit(hit: SearchHit, i: number): string {
  let snippet = '';
  let at = 0;
  for (const [s, e] of hit.marks) { snippet += hit.snippet.slice(at, s) + '«' + hit.snippet.slice(s, e) + '»'; at = e; }
  snippet += hit.snippet.slice(at);
  const where = `${hit.page ? ` p. ${hit.page}` : ''}${hit.heading ? ` — ${hit.heading}` : ''}`;
  return `${String(i + 1).padStart(3)}. ${hit.path} [${hit.start}–${hit.end}]${where}  (score ${hit.score.toFixed(2)})\n     ${snippet.replace(/\s+/g, ' ')}`;
}

export async function serveCommand(flags: CommonFlags & { notebook?: string; port: number }, out: (line: string) => void) {
  const folders = libraryFolders(flags);
  const notebookDir = path.resolve(flags.notebook ?? defaultNotebook());
  await mkdir(notebookDir, { recursive: true });
  const backend = await Backend.open({ libraryFolders: folders, notebookDir, ...(flags.cache ? { cacheDir: path.resolve(flags.cache) } : {}) });
  const server = await startLoopbackServer(backend, { rendererDir: rendererDir(), port: flags.port }).catch(async (error: NodeJS.ErrnoException) => {
    await backend.close();
    if (error.code === 'EADDRINUSE') throw new CliError(`port ${flags.port} is already in use; pick another with --port, or --port 0 for any free one`);
    throw error;
  });
  out(`Sourcebook is running at ${server.url}`);
  out(`library: ${folders.join(', ')}   notebook: ${notebookDir}   (Ctrl+C stops it)`);
  const stop = async () => {
    await server.close();
    await backend.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
