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
  private readonly cache = new Map<string, Promise<SourceText | null>>();
  private readonly byHash = new Map<string, Promise<string | null>>();
  private readonly snapshots = new Map<string, Promise<string | null>>();

  constructor(private readonly access: SourceAccess, private readonly snapshotStore: Pick<SnapshotStore, 'get'>) {}

  get(sourceId: string): Promise<SourceText | null> {
    let entry = this.cache.get(sourceId);
    if (!entry) {
      // The library hashed the text when it read it: hashing a book again would cost more than reading it from its cache.
      entry = this.access.getText(sourceId).then((s) => (s ? { id: sourceId, text: s.text, title: s.title, hash: s.contentHash } : null));
      this.cache.set(sourceId, entry);
    }
    return entry;
  }

  /** The text with content hash `hash` as it was when quoted (its snapshot), or null if none was kept. */
  snapshot(hash: string): Promise<string | null> {
    let entry = this.snapshots.get(hash);
    if (!entry) {
      entry = this.snapshotStore.get(hash);
      this.snapshots.set(hash, entry);
    }
    return entry;
  }

  findByHash(hash: string): Promise<string | null> {
    let entry = this.byHash.get(hash);
    if (!entry) {
      entry = this.access.findByHash(hash);
      this.byHash.set(hash, entry);
    }
    return entry;
  }
}
