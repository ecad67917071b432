import { instrument } from '../support/real-backend';
import { notebookApiContract } from './notebook-api.suite';

// The renderer tests reach the backend through this wrapper: unarmed, it must keep the whole contract.
notebookApiContract('through the renderer tests\' wrapper (tests/support/real-backend.ts)', async (fixture) => ({
  api: instrument(fixture.backend, fixture).api,
  close: () => {},
}));
