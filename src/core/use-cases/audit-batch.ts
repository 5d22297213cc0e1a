import type { AuditEvent } from '../domain/types.js';
import type { AuditLog } from '../ports/audit-log.js';

/**
 * Runs a use case with an audit log that holds its events and records them all in one append
 * when it ends, whether it returns or throws: a cancel that moves a job and then its post writes
 * two events in one round trip instead of two. Every state change still has its event; the
 * events are written once the use case's changes are, before its caller hears of them.
 */
export async function withAuditBatch<D extends { audit: AuditLog }, T>(
  deps: D,
  run: (deps: D) => Promise<T>,
): Promise<T> {
  const events: AuditEvent[] = [];
  const audit: AuditLog = {
    append: async (...more) => {
      events.push(...more);
    },
    list: (query) => deps.audit.list(query),
  };
  try {
    return await run({ ...deps, audit });
  } finally {
    if (events.length > 0) await deps.audit.append(...events);
  }
}
