import { sha256Hex } from './hashing';

/** How the notebook reaches the library's sources (the library implements it). */
export interface SourceAccess {
  /** Current canonical text of a source, or null if it no longer exists. */
  getText(sourceId: string): Promise<{ text: string; contentHash: string; title: string } | null>;
  /** A source whose content hash is `hash` (a renamed file keeps its quotes), or null. */
  findByHash(hash: string): Promise<string | null>;
}

export interface SourceText {
  id: string;
  text: string;
  title: string;
  /** sha256 of the text as UTF-8, computed here so it matches snapshot names whatever the library uses. */
  hash: string;
}

/**
 * Source texts fetched once per operation: listing 500 annotations on one source reads and
 * hashes its text once.
 */
export class SourceTexts {
  private readonly cache = new Map<string, Promise<SourceText | null>>();

  constructor(private readonly access: SourceAccess) {}

  get(sourceId: string): Promise<SourceText | null> {
    let entry = this.cache.get(sourceId);
    if (!entry) {
      entry = this.access.getText(sourceId).then((s) => (s ? { id: sourceId, text: s.text, title: s.title, hash: sha256Hex(s.text) } : null));
      this.cache.set(sourceId, entry);
    }
    return entry;
  }

  findByHash(hash: string): Promise<string | null> {
    return this.access.findByHash(hash);
  }
}
