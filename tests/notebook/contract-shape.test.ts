import { describe, expect, it } from 'vitest';
import { serviceMethods } from '../../main/common/contract';
import { Notebook } from '../../main/node/notebook';
import { FakeSources } from './helpers';

describe('the Notebook and the contract', () => {
  it('answers every notes, annotations and review method of the contract, each from its service', () => {
    const notebook = new Notebook('/nonexistent', new FakeSources());
    for (const service of ['notes', 'annotations', 'review'] as const) {
      for (const name of Object.keys(serviceMethods[service])) {
        expect([name, typeof (notebook as unknown as Record<string, unknown>)[name]]).toEqual([name, 'function']);
        expect([name, typeof (notebook.services[service] as unknown as Record<string, unknown>)[name]]).toEqual([name, 'function']);
      }
    }
  });
});
