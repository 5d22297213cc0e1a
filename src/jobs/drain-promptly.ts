import { setTimeout as sleep } from 'node:timers/promises';
import type { Agenda, DrainResult } from 'agenda';

/** While stopping, how often to look whether Agenda has finished its bookkeeping of finished publishes. */
const IDLE_CHECK_MS = 20;

/**
 * Stops claiming and resolves once the publishes in flight have finished, or after `graceMs`.
 * Agenda's drain alone would wait out the whole grace period: it looks at its running list one
 * tick after each job's `complete` event, but a finished one-time job leaves that list only after
 * its removal (a database round trip), and no further event comes. So we wait for our own
 * handlers, then for Agenda's list to empty, and end its drain ourselves.
 */
export async function drainPromptly(
  agenda: Agenda,
  inFlight: ReadonlySet<Promise<void>>,
  graceMs: number,
): Promise<DrainResult> {
  const idle = new AbortController();
  const drained = agenda.drain({ timeout: graceMs, signal: idle.signal });
  let settled = false;
  const markSettled = () => {
    settled = true;
  };
  const ended = drained.then(markSettled, markSettled);
  const agendaIdle = async () => {
    // Once its drain has ended Agenda keeps no running list: that counts as idle too.
    const stats = await agenda.getRunningStats().catch(() => undefined);
    return stats === undefined || stats.runningJobs === 0;
  };
  void (async () => {
    while (!settled) {
      if (inFlight.size > 0) await Promise.race([Promise.allSettled([...inFlight]), ended]);
      else if (await agendaIdle()) return idle.abort();
      else await sleep(IDLE_CHECK_MS);
    }
  })();
  return drained;
}
