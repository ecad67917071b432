import { createHash } from 'node:crypto';

/** sha256 of the bytes (strings as UTF-8), hex: note versions, snapshot keys, content hashes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
