/** The contract's library methods: sources, their text, and search over sources, notes and quotes. */
import type { SearchOptions, ServiceApi } from '../../common/contract';
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

  async search(query: string, options?: SearchOptions) {
    await this.notesIndexed();
    return this.library.withPages(await this.engine.search(query, options));
  }
}
