import type { WebSession } from '../../core/ports/web-session-store.js';

/** HTML-escapes text for an attribute or element body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The policy the calendar's pages run under: scripts only from this origin. Styles may also be
 * inline, because FullCalendar writes its stylesheet and each tile's position at run time.
 */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * The calendar page for a logged-in person. What the script needs (the CSRF token, the
 * workspace's zone, who is looking) travels in meta tags: the page runs no inline script.
 */
export function calendarPage(session: WebSession, workspace: { name: string; timezone: string }): string {
  const who = session.actor.name ?? session.actor.id;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald calendar · ${escapeHtml(workspace.name)}</title>
<meta name="herald-csrf" content="${escapeHtml(session.csrf)}">
<meta name="herald-zone" content="${escapeHtml(workspace.timezone)}">
<meta name="herald-viewer" content="${escapeHtml(who)}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/calendar/assets/app.css">
<script src="/calendar/assets/luxon.js" defer></script>
<script src="/calendar/assets/fullcalendar.js" defer></script>
<script src="/calendar/assets/fullcalendar-luxon.js" defer></script>
<script src="/calendar/assets/app.js" defer></script>
</head>
<body>
<header class="bar">
  <div class="group"><strong class="brand">Herald</strong><span class="workspace">${escapeHtml(workspace.name)}</span></div>
  <label class="group">Time zone <select id="zone"></select></label>
  <div class="group tools" role="group" aria-label="Shift several posts">
    <label class="toggle"><input type="checkbox" id="select-mode"> Select</label>
    <span id="selection" class="muted">0 selected</span>
    <label>Shift by <input id="shift-by" value="+1d" size="5"></label>
    <button id="shift" type="button" disabled>Shift selected</button>
  </div>
  <label class="group toggle" title="Dragging an occurrence of a series moves every occurrence by the same amount of time">
    <input type="checkbox" id="whole-series"> Drag moves whole series</label>
  <div class="group end">
    <button id="accounts-button" type="button">Accounts</button>
    <button id="new-post" type="button" class="primary">New post</button>
    <span class="viewer" title="Signed in as ${escapeHtml(who)}">${escapeHtml(who)}</span>
  </div>
</header>
<main>
  <div id="calendar"></div>
  <aside id="panel" hidden></aside>
</main>
<dialog id="compose"></dialog>
<div id="toast" role="status" aria-live="polite" hidden></div>
</body>
</html>`;
}

/** What a person without a session sees: how to get in. */
export function loginPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Herald calendar</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/calendar/assets/app.css"></head>
<body class="gate"><main><h1>Herald calendar</h1><p>${escapeHtml(message)}</p>
<p>Type <code>/herald calendar</code> in Slack or Discord (or <code>calendar</code> in the console) for a link that logs you in.</p></main></body>
</html>`;
}

/**
 * After a link is used: the session cookie is SameSite=Strict, which a browser does not send on a
 * redirect that began on another site (the chat), so this page moves on by itself, same-site.
 */
export function enteringPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/calendar"><link rel="icon" href="data:,"><title>Herald calendar</title></head>
<body><p>Logged in. <a href="/calendar">Open the calendar</a>.</p></body>
</html>`;
}
