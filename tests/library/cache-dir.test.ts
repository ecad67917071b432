import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../main/node/backend/indexed-library';

describe('where a library keeps its index', () => {
  it('gives two libraries that differ only early in their long paths different caches', () => {
    const tail = '/Research/Dissertation/Chapter-Three/Primary-Sources/Archives';
    expect(defaultCacheDir([`/home/alice${tail}`])).not.toBe(defaultCacheDir([`/home/bob${tail}`]));
  });

  it('gives the same library the same cache, however its path is spelled', () => {
    expect(defaultCacheDir(['/data/papers/'])).toBe(defaultCacheDir(['/data/x/../papers']));
  });
});
