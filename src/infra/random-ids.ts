import { createHash, randomBytes } from 'node:crypto';
import type { IdGenerator } from '../core/ports/id-generator.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case: no i/l/o/u to misread
const RANDOM_CHARS = 6;
const RANDOM_SPACE = 32 ** RANDOM_CHARS; // 30 bits

/**
 * Ids like `pst_00kz3m7q2x9ab4f`: 9 time characters (ms since epoch, so ids sort by creation)
 * then 6 random ones (30 bits) — short enough to type in chat, unique across workers.
 *
 * Within one process ids are monotonic (as ULIDs are): a second id in the same millisecond
 * takes the previous random part plus one. With independent random parts, the ids of a
 * 1,000-post bulk schedule made in one millisecond could collide.
 */
export class RandomIds implements IdGenerator {
  private lastMs = 0;
  private lastRandom = 0;

  next(prefix: string): string {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.lastRandom = randomBytes(4).readUInt32BE() % RANDOM_SPACE;
    } else if (this.lastRandom + 1 < RANDOM_SPACE) {
      this.lastRandom += 1;
    } else {
      // The millisecond's space is used up (or the clock went back): borrow the next one.
      this.lastMs += 1;
      this.lastRandom = randomBytes(4).readUInt32BE() % RANDOM_SPACE;
    }
    return `${prefix}_${encode(this.lastMs, 9)}${encode(this.lastRandom, RANDOM_CHARS)}`;
  }

  derive(prefix: string, seed: string): string {
    const digest = createHash('sha256').update(seed).digest();
    let id = '';
    for (let i = 0; i < 15; i += 1) id += ALPHABET[(digest[i] as number) % 32];
    return `${prefix}_${id}`;
  }
}

function encode(value: number, length: number): string {
  let out = '';
  let n = value;
  for (let i = 0; i < length; i += 1) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}
