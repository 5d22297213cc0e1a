import { createHash, randomBytes } from 'node:crypto';
import type { Secrets } from '../core/ports/secrets.js';

/** 256-bit random tokens, stored as SHA-256. */
export const cryptoSecrets: Secrets = {
  token: () => randomBytes(32).toString('base64url'),
  hash: (token) => createHash('sha256').update(token).digest('base64url'),
};
