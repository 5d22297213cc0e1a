import { escapeHtml } from '../calendar/page.js';

/**
 * The few pages a person sees while connecting an account: Bluesky's app-password form, the
 * outcome ("Connected @mia on TikTok"), and a refusal that says what to do. No script runs.
 */

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Herald</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/calendar/assets/app.css"></head>
<body class="gate"><main>${body}</main></body>
</html>`;
}

/** The end of a connect: what was connected, and that the team was told. */
export function connectedPage(headline: string): string {
  return page(
    headline,
    `<h1 id="outcome" data-outcome="connected">${escapeHtml(headline)}</h1>
<p>Herald keeps the connection encrypted and renews it before it expires. You can close this tab, or <a href="/calendar">open the calendar</a>.</p>`,
  );
}

/** A connect that did not happen: the reason and how to start again. */
export function refusedPage(message: string, hint?: string): string {
  return page(
    'Not connected',
    `<h1 id="outcome" data-outcome="refused">Not connected</h1>
<p>${escapeHtml(message)}</p>${hint ? `<p>${escapeHtml(hint)}</p>` : ''}`,
  );
}

/**
 * Bluesky's documented way for an app: a handle and an app password (never the account
 * password), sent once to the PDS for a session. Nothing typed here is shown again.
 */
export function blueskyForm(state: string, opts: { handle?: string; error?: string } = {}): string {
  return page(
    'Connect Bluesky',
    `<h1>Connect a Bluesky account</h1>
<p>Use an <strong>app password</strong> (Bluesky: Settings → Privacy and security → App passwords), not your account password. Herald sends it to Bluesky once to open a session and keeps only that session.</p>
${opts.error ? `<p class="error" id="form-error">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/oauth/bluesky/session" autocomplete="off">
<input type="hidden" name="state" value="${escapeHtml(state)}">
<label class="field"><span>Handle</span><input name="handle" required maxlength="253" placeholder="mia.bsky.social" value="${escapeHtml(opts.handle ?? '')}"></label>
<label class="field"><span>App password</span><input name="password" type="password" required maxlength="100" autocomplete="off"></label>
<div class="actions"><button type="submit" class="primary">Connect</button></div>
</form>`,
  );
}
