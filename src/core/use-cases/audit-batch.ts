import type { AuditEvent } from '../domain/types.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { WriteScope } from '../ports/write-scope.js';

/** What a use case run by withAuditBatch may do with the events it holds. */
export interface AuditBatch {
  /**
   * Runs the use case's last write while the events held so far, and `events` (that write's
   * own), are recorded: one round trip for both instead of two. Resolves to the write's result
   * once both have finished; rejects with the first error of either. Only for a write whose
   * event is the same whether or not it wins its compare-and-set (a guarded write whose loser
   * leaves the state the event describes), since the event may be stored before the write is.
   */
  alongside<T>(write: () => Promise<T>, ...events: AuditEvent[]): Promise<T>;
}

/**
 * Runs a use case with an audit log that holds its events and records them all in one append
 * when it ends, whether it returns or throws: a cancel that moves a job and then its post writes
 * two events in one round trip instead of two. Every state change still has its event; the
 * events are written once the use case's changes are (or, with `alongside`, with its last one),
 * before its caller hears of them. The change marks of its writes go once, after all of them
 * (`writes`, when the deps have it).
 */
export async function withAuditBatch<D extends { audit: AuditLog; writes?: WriteScope | undefined }, T>(
  deps: D,
  run: (deps: D, batch: AuditBatch) => Promise<T>,
): Promise<T> {
  const events: AuditEvent[] = [];
  const audit: AuditLog = {
    append: async (...more) => {
      events.push(...more);
    },
    list: (query) => deps.audit.list(query),
  };
  const flush = async () => {
    const held = events.splice(0);
    if (held.length > 0) await deps.audit.append(...held);
  };
  const batch: AuditBatch = {
    alongside: async (write, ...more) => {
      events.push(...more);
      const [written, recorded] = await Promise.allSettled([write(), flush()]);
      if (written.status === 'rejected') throw written.reason;
      if (recorded.status === 'rejected') throw recorded.reason;
      return written.value;
    },
  };
  const runHeld = async (held: D) => {
    try {
      return await run({ ...held, audit }, batch);
    } finally {
      await flush();
    }
  };
  if (!deps.writes) return runHeld(deps);
  // The deps' job and post stores, noting into the scope; a use case inside this one joins it.
  const { jobs, posts } = deps as { jobs?: object; posts?: object };
  return deps.writes.together((hold) =>
    runHeld({
      ...deps,
      ...(jobs ? { jobs: hold(jobs) } : {}),
      ...(posts ? { posts: hold(posts) } : {}),
      writes: { together: (inner) => inner((store) => store) },
    }),
  );
}
