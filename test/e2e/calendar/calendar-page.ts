import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { CalendarRig } from './rig.js';

/**
 * The browser's globals, inside `page.evaluate` only. The project compiles without the DOM
 * library on purpose (src runs in Node), so what runs in the page reaches them through this.
 */
// biome-ignore lint/suspicious/noExplicitAny: the DOM's types are not part of this compilation.
export type Dom = any;

/** A day at least two days ahead (UTC), so every time the tests use on it is in the future. */
export function dayAhead(days = 2): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Logged in through a fresh console link, the calendar open on `date`'s week (or month). */
export async function openCalendar(
  rig: CalendarRig,
  place: { date?: string; view?: 'week' | 'month' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  // Tall enough that the whole day (06:00-24:00) fits: drags need their target on screen.
  const context = await rig.browser.newContext({ viewport: { width: 1400, height: 1300 } });
  const page = await context.newPage();
  await page.goto(await rig.link());
  await page.waitForURL(/\/calendar(#.*)?$/);
  await page.waitForSelector('body[data-ready="true"]');
  if (place.date || place.view) {
    const hash = new URLSearchParams(Object.entries(place).filter(([, v]) => v)).toString();
    await page.evaluate((h) => {
      (globalThis as Dom).location.hash = h;
    }, hash);
    if (place.date && place.view !== 'month')
      await page.waitForSelector(`.fc-timegrid-col[data-date="${place.date}"]`);
  }
  return { context, page };
}

export const tile = (page: Page, jobId: string): Locator => page.locator(`.tile-body[data-job="${jobId}"]`);

/** Where a person sees a tile: the day of its column and the time its head reads. */
export async function shownAt(page: Page, jobId: string): Promise<{ date: string; time: string } | null> {
  return page.evaluate((id) => {
    const body = (globalThis as Dom).document.querySelector(`.tile-body[data-job="${id}"]`);
    if (!body) return null;
    const date: string = body.closest('[data-date]')?.dataset.date ?? '';
    const time = body.querySelector('.tile-head')?.textContent?.split(' ')[0] ?? '';
    return { date, time };
  }, jobId);
}

/** Waits until the page shows the tile at `date` `time` (the page polls its feed every second). */
export async function waitShownAt(page: Page, jobId: string, date: string, time: string, timeoutMs = 5000) {
  await page.waitForFunction(
    ([id, d, t]) => {
      const body = (globalThis as Dom).document.querySelector(`.tile-body[data-job="${id}"]`);
      const col = body?.closest('[data-date]')?.dataset.date;
      return col === d && body?.querySelector('.tile-head')?.textContent?.startsWith(`${t} `);
    },
    [jobId, date, time] as const,
    { timeout: timeoutMs },
  );
}

/**
 * Drags a tile with the mouse, as a person does, to `time` (HH:mm) on `date` in the week view.
 * It is grabbed in its first slot and let go in the target's first slot, so the move is whole slots.
 */
export async function dragTile(page: Page, jobId: string, date: string, time: string): Promise<void> {
  const from = await tile(page, jobId).boundingBox();
  const lane = await page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`).boundingBox();
  const column = await page.locator(`.fc-timegrid-col[data-date="${date}"]`).boundingBox();
  if (!from || !lane || !column) throw new Error(`cannot drag ${jobId} to ${date} ${time}: not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + 4);
  await page.mouse.down();
  await page.mouse.move(column.x + column.width / 2, lane.y + 4, { steps: 12 });
  await page.mouse.up();
}

/** The toast's text once it shows. */
export async function toastText(page: Page): Promise<string> {
  const toast = page.locator('#toast');
  await toast.waitFor({ state: 'visible' });
  return (await toast.textContent()) ?? '';
}

/**
 * A request made by the page's own script (its cookie, same origin), with or without the CSRF
 * token the page carries: what a forged or a tampered request looks like from the browser.
 */
export function pageFetch(
  page: Page,
  path: string,
  opts: { csrf: boolean; body?: unknown },
): Promise<{ status: number; body: { detail?: string } }> {
  return page.evaluate(
    async ([url, csrf, body]) => {
      const dom = globalThis as Dom;
      const token = dom.document.querySelector('meta[name="herald-csrf"]').content;
      const res = await dom.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': token } : {}) },
        body: JSON.stringify(body ?? {}),
      });
      return { status: res.status, body: await res.json() };
    },
    [path, opts.csrf, opts.body] as const,
  );
}
