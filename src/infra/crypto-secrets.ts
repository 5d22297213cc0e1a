import { createHash, randomBytes } from 'node:crypto';
import type { Secrets } from '../core/ports/secrets.js';

/** 256-bit random tokens, stored as SHA-256; PKCE challenges as RFC 7636 S256. */
export const cryptoSecrets: Secrets = {
  token: () => randomBytes(32).toString('base64url'),
  hash: (token) => createHash('sha256').update(token).digest('base64url'),
  challenge: (verifier) => createHash('sha256').update(verifier, 'ascii').digest('base64url'),
};
