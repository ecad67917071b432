import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLoopbackServer } from '../../main/server/server';
import { createHttpApi } from '../../renderer/src/api/http-api';
import { notebookApiContract } from './notebook-api.suite';

notebookApiContract('over the loopback HTTP server', async (fixture) => {
  const rendererDir = await mkdtemp(path.join(os.tmpdir(), 'sb-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sourcebook</title>');
  const server = await startLoopbackServer(fixture.backend, { rendererDir });
  return {
    api: createHttpApi({ base: `http://127.0.0.1:${server.port}`, token: server.token }),
    async close() { await server.close(); },
  };
});
