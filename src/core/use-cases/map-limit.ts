/**
 * Runs `fn` on every item with at most `limit` calls in flight, results in the items' order.
 * Moving many jobs one compare-and-set each is round-trip bound: a few at a time overlap the
 * waits without handing the database hundreds of writes at once.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** How many job writes one operation keeps in flight. */
export const JOB_WRITES_IN_FLIGHT = 8;
