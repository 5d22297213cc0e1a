import type { Agenda } from 'agenda';

/** What a stop found: publishes that finished within the grace period, and those still running. */
export interface DrainResult {
  completed: number;
  running: number;
  timedOut: boolean;
}

/**
 * Resolves once the publishes in flight have finished, or after `graceMs`, then stops Agenda
 * (its wake-ups only start a dispatcher's look, so none is left running). A publish still
 * running at the end keeps its lease; the sweep of another worker reconciles it.
 */
export async function drainPromptly(
  agenda: Agenda,
  inFlight: ReadonlySet<Promise<void>>,
  graceMs: number,
): Promise<DrainResult> {
  const total = inFlight.size;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  // Runs that started while waiting (a look that ended during the stop) are waited for too.
  while (inFlight.size > 0) {
    if ((await Promise.race([Promise.allSettled([...inFlight]), grace])) === 'late') break;
  }
  clearTimeout(timer);
  const running = inFlight.size;
  await agenda.stop().catch(() => {});
  return { completed: Math.max(0, total - running), running, timedOut: running > 0 };
}
