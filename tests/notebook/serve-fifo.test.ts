/**
 * The scenario end to end: `sourcebook serve` on a notebook holding FIFOs named like
 * notes. Saves on them are answered (refused) at once, ordinary reads keep working after more
 * such saves than libuv has threads, and SIGTERM stops the server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from './helpers';
import { repoRoot } from '../bench/torture/child-process';

let base: string;
let stopServer = () => undefined as unknown;
afterEach(async () => {
  stopServer(); // a server that hung is not left behind
  await fsp.rm(base, { recursive: true, force: true });
});

it('answers saves on a FIFO named x.md, keeps serving reads, and stops on SIGTERM', async () => {
  base = await tempDir('sb-serve-fifo-');
  const notebook = path.join(base, 'notebook');
  await fsp.mkdir(notebook);
  await fsp.mkdir(path.join(base, 'library'));
  await fsp.writeFile(path.join(base, 'library', 'a.txt'), 'A short source.\n');
  await fsp.writeFile(path.join(notebook, 'Ordinary.md'), 'still readable\n');
  for (let i = 0; i < 6; i++) execFileSync('mkfifo', [path.join(notebook, `pipe ${i}.md`)]);

  const server = spawn(process.execPath, [path.join(repoRoot, 'out', 'cli.mjs'), 'serve', '--library', path.join(base, 'library'),
    '--notebook', notebook, '--port', '0', '--cache', path.join(base, 'cache')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  stopServer = () => server.exitCode === null && server.kill('SIGKILL');
  const url = await new Promise<URL>((resolve, reject) => {
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const found = /running at (\S+)/.exec(line);
      if (found) resolve(new URL(found[1]!));
    });
    void exited.then(() => reject(new Error('the server exited before it was running')));
  });
  const call = async (method: string, ...args: unknown[]) => {
    const response = await fetch(new URL(`/api/${method}`, url), {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-sourcebook-token': url.searchParams.get('token')! },
      body: JSON.stringify(args), signal: AbortSignal.timeout(5000),
    });
    return { status: response.status, body: await response.json() as { result?: { markdown?: string }; error?: { message: string } } };
  };

  const saves = await Promise.all(Array.from({ length: 6 }, (_, i) => call('saveNote', { path: `pipe ${i}.md`, markdown: 'x', baseVersion: null })));
  for (const save of saves) expect(save).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/named pipe/) } } });
  expect((await call('readNote', 'Ordinary.md')).body.result?.markdown).toBe('still readable\n');

  server.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 5000))]);
  if (code === 'still running') server.kill('SIGKILL');
  expect(code).toBe(0);
}, 30_000);
