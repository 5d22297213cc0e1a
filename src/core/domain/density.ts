import { type SeriesSpec, walkSeries } from './recurrence.js';
import { formatWallDate } from './time.js';

/** How many times a day a post may publish: enough for any real schedule, bounded for the workers. */
export const MAX_PER_DAY = 48;

/**
 * The most occurrences the series has on one local day, among its first `days` days with an
 * occurrence. Counting stops as soon as a day passes `limit`, so a rule that fires every second
 * costs `limit + 1` steps, not 86,400.
 */
export function busiestDay(spec: SeriesSpec, limit = MAX_PER_DAY, days = 8): { date: string; count: number } {
  let date = '';
  let count = 0;
  let best = { date: '', count: 0 };
  let seen = 0;
  walkSeries(spec, null, (o) => {
    const day = formatWallDate(o.wall);
    if (day !== date) {
      date = day;
      count = 0;
      seen += 1;
      if (seen > days) return false;
    }
    count += 1;
    if (count > best.count) best = { date, count };
    return count <= limit;
  });
  return best;
}
