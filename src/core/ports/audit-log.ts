import type { AuditEvent } from '../domain/types.js';

/** Append-only record of who did what; never updated, never deleted. */
export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  /** Newest first, for `/v1/audit` and tests. */
  list(query: {
    workspaceId: string;
    subjectId?: string;
    actorId?: string;
    limit: number;
  }): Promise<AuditEvent[]>;
}
