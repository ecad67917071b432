import { decodeSourceBytes } from '../decode';
import { htmlToText } from '../html-to-text';
import type { FormatModule } from './types';

export const htmlFormat: FormatModule = {
  format: 'html',
  extract(bytes) {
    const decoded = decodeSourceBytes(bytes);
    if (!decoded.ok) return decoded;
    return { ok: true, extracted: htmlToText(decoded.text) };
  },
};
