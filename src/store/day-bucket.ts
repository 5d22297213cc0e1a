import type { Document } from 'mongodb';

/**
 * The UTC day of a document's time, kept beside it as `day`: FerretDB answers an equality on a
 * field in SQLite, but a range (`occurrenceAt` between two instants) only after decoding every
 * document of the workspace in Go. A window's queries ask day by day instead, so their cost
 * follows the window, not the history; MongoDB serves them from an index.
 */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC days [from, to) touches, in order; null past `max` (the caller then asks by range). */
export function daysBetween(from: Date, to: Date, max = 62): string[] | null {
  const days: string[] = [];
  for (
    let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    t < to.getTime();
    t += 86_400_000
  ) {
    days.push(dayOf(new Date(t)));
    if (days.length > max) return null;
  }
  return days;
}

/**
 * A job or post as the domain knows it: without what the store keeps beside it for its queries
 * and writes (the `day` bucket, a waiting job's `wake` second and last write token, an active
 * series' `series` marker).
 */
export function withoutStoreFields<T>(doc: T): T {
  if (!doc || typeof doc !== 'object') return doc;
  const { day: _day, wake: _wake, casToken: _token, series: _series, ...rest } = doc as Document;
  return rest as T;
}
