export const API_SCOPES = ['read', 'write', 'approve', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKeyGrant {
  keyId: string;
  workspaceId: string;
  scopes: ApiScope[];
}

/** What an operator may see of a key: never its secret or hash. */
export interface ApiKeyInfo extends ApiKeyGrant {
  label: string;
  createdAt: Date;
  revokedAt?: Date | undefined;
}

/** Bearer API keys, bound to one workspace, stored only as a hash. */
export interface ApiKeyStore {
  /** Creates a key and returns its secret form — the only time it is ever visible. */
  create(workspaceId: string, scopes: ApiScope[], label: string): Promise<{ key: string; keyId: string }>;
  /** The grant of a presented key, or null for an unknown, malformed or revoked one. */
  verify(presented: string): Promise<ApiKeyGrant | null>;
  /** A workspace's keys, oldest first, revoked ones included: what `herald keys list` shows. */
  list(workspaceId: string): Promise<ApiKeyInfo[]>;
  /**
   * Stops a key from working, for good: a leaked key must be shut off without touching the
   * others. `already` when it was revoked before (its first revocation time is kept).
   */
  revoke(keyId: string, at: Date): Promise<{ outcome: 'revoked' | 'already' | 'unknown'; key?: ApiKeyInfo }>;
}
