import type { SourceDoc } from '../../common/contract';
import type { SnapshotStore } from './snapshots';

/** How the notebook reaches the library's sources (the library implements it). */
export interface SourceAccess {
  /**
   * Current canonical text of a source, or null if it no longer exists. `contentHash` is the
   * sha256 of the text as UTF-8 (hex): it names snapshots and is what `findByHash` looks up.
   */
  getText(sourceId: string): Promise<{ text: string; contentHash: string; title: string } | null>;
  /** A source whose content hash is `hash` (a renamed file keeps its quotes), or null. */
  findByHash(hash: string): Promise<string | null>;
  /**
   * Where `start` lies in the original document, as a W3C FragmentSelector (a PDF page, an EPUB
   * CFI), if the source is still the version `contentHash` names; exports carry it.
   */
  locate?(sourceId: string, start: number, contentHash: string): Promise<{ type: 'FragmentSelector'; conformsTo: string; value: string } | null>;
  /** The source with its structure (blocks, outline, pages), for the locator a quote's label carries. */
  getSource?(sourceId: string): Promise<Pick<SourceDoc, 'title' | 'text' | 'contentHash' | 'blocks' | 'outline' | 'pageStarts'>>;
}

export interface SourceText {
  id: string;
  text: string;
  title: string;
  /** sha256 of the text as UTF-8 (the library's content hash). */
  hash: string;
}

/**
 * Source texts fetched once per operation: listing 500 annotations on one source reads its text
 * once, 500 quotes of a vanished source ask where its content went once, and exporting or
 * reviewing them reads their snapshot once.
 */
export class SourceTexts {
  private readonly texts = new Map<string, Promise<SourceText | null>>();
  private readonly byHash = new Map<string, Promise<string | null>>();
  private readonly snapshots = new Map<string, Promise<string | null>>();

  constructor(private readonly access: SourceAccess, private readonly snapshotStore: Pick<SnapshotStore, 'get'>) {}

  get(sourceId: string): Promise<SourceText | null> {
    // The library hashed the text when it read it: hashing a book again would cost more than reading it from its cache.
    return once(this.texts, sourceId, () => this.access.getText(sourceId)
      .then((s) => (s ? { id: sourceId, text: s.text, title: s.title, hash: s.contentHash } : null)));
  }

  /** The text with content hash `hash` as it was when quoted (its snapshot), or null if none was kept. */
  snapshot(hash: string): Promise<string | null> {
    return once(this.snapshots, hash, () => this.snapshotStore.get(hash));
  }

  findByHash(hash: string): Promise<string | null> {
    return once(this.byHash, hash, () => this.access.findByHash(hash));
  }
}

/** The promise kept under `key`, started by `load` the first time it is asked for. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let entry = cache.get(key);
  if (!entry) cache.set(key, (entry = load()));
  return entry;
}
