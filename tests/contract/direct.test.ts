import { createInProcessApi } from '../../main/common/transport/in-process';
import { notebookApiContract } from './notebook-api.suite';

notebookApiContract('in the same process', async (fixture) => ({ api: createInProcessApi(fixture.backend), close: () => {} }));
