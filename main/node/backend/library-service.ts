/** The contract's library methods: sources, their text, and search over sources, notes and quotes. */
import { DEFAULT_SEARCH_LIMIT, groupHits, type SearchOptions, type ServiceApi } from '../../common/contract';
import type { Library } from '../library/library';
import type { SearchEngine } from '../search';

export class LibraryService implements ServiceApi<'library'> {
  constructor(
    private readonly library: Library,
    private readonly engine: SearchEngine,
    private readonly notebookDir: string,
    /** Waits until notes and quotes changed so far are searchable. */
    private readonly notesIndexed: () => Promise<void>,
  ) {}

  async getLibrary() {
    return { ...this.library.state(), notebook: this.notebookDir };
  }

  getSource(id: string) {
    return this.library.getSource(id);
  }

  getSourceFile(id: string) {
    return this.library.getSourceFile(id);
  }

  getPageItems(id: string, from: number, count: number) {
    return this.library.getPageItems(id, from, count);
  }

  /**
   * One page of the ranking. The engine ranks the first `offset + limit` and this keeps the page:
   * pages are short (a screenful) and depth is capped (MAX_SEARCH_DEPTH), so the hits ranked
   * only to be skipped cost little.
   */
  async search(query: string, options: SearchOptions = {}) {
    await this.notesIndexed();
    const offset = options.offset ?? 0;
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const ranked = await this.engine.search(query, { limit: offset + limit });
    const hits = offset ? ranked.hits.slice(offset) : ranked.hits;
    const groups = options.groups === false ? [] : offset ? groupHits(hits) : ranked.groups;
    return this.library.withPages({ ...ranked, hits, groups, offset });
  }
}
