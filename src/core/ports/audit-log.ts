import type { AuditEvent } from '../domain/types.js';

/** Append-only record of who did what; never updated, never deleted. */
export interface AuditLog {
  /**
   * Records events in the order given. Several at once are one write: a use case that moves a job
   * and its post records both in one round trip (see withAuditBatch).
   */
  append(...events: AuditEvent[]): Promise<void>;
  /** Newest first, for `/v1/audit` and tests. */
  list(query: {
    workspaceId: string;
    subjectId?: string;
    actorId?: string;
    limit: number;
  }): Promise<AuditEvent[]>;
}
