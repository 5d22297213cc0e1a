import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../core/ports/id-generator.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case: no i/l/o/u to misread

/**
 * Ids like `pst_0kz3m7q2x9ab4f`: 8 time characters (ms since epoch, so ids sort by creation)
 * then 6 random ones (30 bits) — short enough to type in chat, unique across workers.
 */
export class RandomIds implements IdGenerator {
  next(prefix: string): string {
    return `${prefix}_${encodeTime(Date.now())}${randomPart(6)}`;
  }
}

function encodeTime(ms: number): string {
  let out = '';
  let n = ms;
  for (let i = 0; i < 9; i += 1) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

function randomPart(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}
