import { connectOverInMemoryIpc } from '../electron/in-memory-ipc';
import { notebookApiContract } from './notebook-api.suite';

notebookApiContract('over Electron IPC (in-memory pair)', async (fixture) => {
  const connection = connectOverInMemoryIpc(fixture.backend);
  return { api: connection.api, close: () => connection.close() };
});
