import { describe, expect, it } from 'vitest';
import { methodNames } from '../../main/common/contract';
import type { NotebookService } from '../../main/node/backend/notebook-service';
import { Notebook } from '../../main/node/notebook';
import { FakeSources } from './helpers';

/** Type-level: the backend can hold a Notebook as its NotebookService without adapters. */
export const asService = (notebook: Notebook): NotebookService => notebook;

const notebookMethods = methodNames.filter((name) => !['getLibrary', 'getSource', 'getSourceFile', 'search'].includes(name));

describe('the Notebook class and the contract', () => {
  it('has a method for every notebook method of the NotebookApi', () => {
    const notebook = new Notebook('/nonexistent', new FakeSources());
    expect(notebookMethods.length).toBeGreaterThanOrEqual(18);
    for (const name of notebookMethods) expect([name, typeof (notebook as unknown as Record<string, unknown>)[name]]).toEqual([name, 'function']);
  });
});
