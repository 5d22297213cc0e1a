import { addWallDays, formatWallDate, instantToWall, wallToInstant, wallWeekday } from '../domain/time.js';
import { formatClock } from '../language/format.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { resolveAccounts } from './accounts.js';
import { type CalendarTile, calendarFeed } from './calendar-feed.js';
import { calendarLink } from './calendar-login.js';
import type { OperationContext } from './context.js';
import { count, type Outcome } from './reply.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * `/herald calendar [week|next week] [@account]`: the week at a glance, day by day, each post
 * with its local time, account, caption start and readiness badges — and the person's own link
 * to the web calendar. Without a week it is the link alone.
 */
export async function calendarCommand(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { week?: 'this' | 'next' | undefined; account?: string | undefined },
): Promise<Outcome<{ url: string; tiles: CalendarTile[] }>> {
  const link = await calendarLink(deps, ctx);
  if (!req.week) return { result: { url: link.result.url, tiles: [] }, reply: link.reply };
  const account = req.account ? (await resolveAccounts(deps, ctx.workspace.id, req.account))[0] : undefined;
  const zone = account?.timezone ?? ctx.workspace.timezone;
  const today = instantToWall(deps.clock.now(), zone);
  const monday = addWallDays(
    { ...today, hour: 0, minute: 0, second: 0 },
    -((wallWeekday(today) + 6) % 7) + (req.week === 'next' ? 7 : 0),
  );
  const from = wallToInstant(monday, zone).instant;
  const to = wallToInstant(addWallDays(monday, 7), zone).instant;
  const { tiles } = await calendarFeed(deps, ctx, { from, to, accountId: account?.id });
  const lines: string[] = [];
  for (let d = 0; d < 7; d += 1) {
    const day = addWallDays(monday, d);
    const date = formatWallDate(day);
    const onDay = tiles
      .filter((t) => formatWallDate(instantToWall(t.start, zone)) === date)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    lines.push(`${DAYS[wallWeekday(day)]} ${date}${onDay.length === 0 ? '  —' : ''}`);
    for (const t of onDay) lines.push(`  ${tileLine(t, zone)}`);
  }
  lines.push('', `On the web (your link, works once for 10 minutes): ${link.result.url}`);
  return {
    result: { url: link.result.url, tiles },
    reply: {
      title: `Week of ${formatWallDate(monday)}${account ? ` for @${account.handle}` : ''} (${zone}): ${count(tiles.length, 'post')}`,
      lines,
      public: false,
    },
  };
}

function tileLine(t: CalendarTile, zone: string): string {
  const clock = formatClock(instantToWall(t.start, zone));
  const badges = t.badges.map((b) => b.text).join(', ');
  return `${clock}  @${t.handle}/${t.platform}  "${t.caption.slice(0, 40)}"${badges ? `  [${badges}]` : ''}`;
}
