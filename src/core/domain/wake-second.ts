/**
 * The UTC second a job is woken in, as text (`2026-12-07T09:00:00`). Jobs due in the same
 * second share one wake-up and are found together: the store keeps it on the job row (`wake`),
 * where an equality is cheap on every supported server, and the queue keeps one wake-up per second.
 */
export function wakeSecond(at: Date): string {
  return at.toISOString().slice(0, 19);
}

/** The start of `at`'s second. */
export function startOfSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** Every second from `from`'s to `to`'s, both included, oldest first. */
export function wakeSecondsBetween(from: Date, to: Date): string[] {
  const seconds: string[] = [];
  for (let t = startOfSecond(from).getTime(); t <= to.getTime(); t += 1000)
    seconds.push(wakeSecond(new Date(t)));
  return seconds;
}
