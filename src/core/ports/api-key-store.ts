export const API_SCOPES = ['read', 'write', 'approve', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKeyGrant {
  keyId: string;
  workspaceId: string;
  scopes: ApiScope[];
}

/** Bearer API keys, bound to one workspace, stored only as a hash. */
export interface ApiKeyStore {
  /** Creates a key and returns its secret form — the only time it is ever visible. */
  create(workspaceId: string, scopes: ApiScope[], label: string): Promise<{ key: string; keyId: string }>;
  /** The grant of a presented key, or null for an unknown, malformed or revoked one. */
  verify(presented: string): Promise<ApiKeyGrant | null>;
}
