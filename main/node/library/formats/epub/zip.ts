/**
 * Reading named entries of an EPUB's zip with yauzl, defensively: entry names that would leave
 * the book are refused (yauzl checks them too), and what is inflated is bounded per entry and
 * in total, counted as it streams, so a zip bomb's lying headers do not get far.
 */
import yauzl from 'yauzl';

export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
export const MAX_ENTRIES = 50_000;
/** Real XHTML compresses 3–10×; a thousandfold is a bomb. */
const MAX_RATIO = 1000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class UnsafeZipError extends Error {}

export interface ZipBook {
  names: Set<string>;
  /** An entry's bytes (null if absent); throws UnsafeZipError past the limits. */
  read(name: string): Promise<Uint8Array | null>;
  close(): void;
}

/** Whether a path inside the archive stays inside it once resolved. */
export function staysInside(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || /^[a-z]:/i.test(name) || name.includes('\0')) return false;
  let depth = 0;
  for (const part of name.split('/')) {
    if (part === '..') depth--;
    else if (part && part !== '.') depth++;
    if (depth < 0) return false;
  }
  return true;
}

export function openZip(bytes: Uint8Array): Promise<ZipBook> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false }, (error, zip) => {
      if (error || !zip) {
        reject(/relative path|absolute path|invalid characters/i.test(error?.message ?? '') ? new UnsafeZipError(`an entry's path leaves the book (${error!.message})`) : error);
        return;
      }
      const entries = new Map<string, yauzl.Entry>();
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        // Names are decoded here: books written without the zip's UTF-8 flag still name their files in UTF-8.
        const raw = entry.fileName as unknown as Buffer;
        let name: string;
        try { name = utf8.decode(raw); } catch { name = raw.toString('latin1'); }
        entry.fileName = name;
        if (!staysInside(entry.fileName)) { zip.close(); reject(new UnsafeZipError(`an entry's path leaves the book: ${entry.fileName}`)); return; }
        if (entries.size >= MAX_ENTRIES) { zip.close(); reject(new UnsafeZipError(`more than ${MAX_ENTRIES} entries`)); return; }
        total += entry.uncompressedSize;
        if (entry.uncompressedSize > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES || (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > MAX_RATIO && entry.uncompressedSize > 1024 * 1024)) {
          zip.close();
          reject(new UnsafeZipError(`it would expand to more than a book holds (${entry.fileName}: ${entry.uncompressedSize} bytes from ${entry.compressedSize}): a zip bomb?`));
          return;
        }
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('error', reject);
      zip.on('end', () => {
        let inflated = 0;
        resolve({
          names: new Set(entries.keys()),
          close: () => zip.close(),
          read: (name) => new Promise((res, rej) => {
            const entry = entries.get(name);
            if (!entry) { res(null); return; }
            zip.openReadStream(entry, (err, stream) => {
              if (err || !stream) { rej(err ?? new Error(`cannot read ${name}`)); return; }
              const chunks: Buffer[] = [];
              let size = 0;
              stream.on('data', (chunk: Buffer) => {
                size += chunk.length;
                inflated += chunk.length;
                if (size > MAX_ENTRY_BYTES || inflated > MAX_TOTAL_BYTES) {
                  stream.destroy(new UnsafeZipError(`${name} expands beyond ${MAX_ENTRY_BYTES / 1024 / 1024} MB: a zip bomb?`));
                  return;
                }
                chunks.push(chunk);
              });
              // yauzl counts the bytes against the entry's declared size: more than declared is a lie.
              stream.on('error', (e) => rej(/too many bytes/i.test(e.message) ? new UnsafeZipError(`${name} inflates to more than its header says: a zip bomb?`) : e));
              stream.on('end', () => res(Buffer.concat(chunks)));
            });
          }),
        });
      });
      zip.readEntry();
    });
  });
}
