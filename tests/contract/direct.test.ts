import { notebookApiContract } from './notebook-api.suite';

notebookApiContract('called directly', async (fixture) => ({ api: fixture.backend, close: () => {} }));
