/**
 * The one content hash: sha256 of the bytes (strings as UTF-8), hex. A source's content hash,
 * a snapshot's file name and a note's version are all this, so `findByHash` finds the source a
 * quote was taken from by comparing what both sides computed here.
 */
import { createHash } from 'node:crypto';

export function contentHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
