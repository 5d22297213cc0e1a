/** Reads a view's private_metadata, which Herald writes as JSON; anything else reads as empty. */
export function readMeta<T>(raw: string | undefined): T {
  try {
    const value = JSON.parse(raw ?? '{}') as unknown;
    return (typeof value === 'object' && value !== null ? value : {}) as T;
  } catch {
    return {} as T;
  }
}

/**
 * Posts to a response_url (Slack's way to replace or answer an interactive message). Only
 * Slack's own hooks host is accepted outside tests, so a forged metadata URL cannot make
 * Herald post elsewhere.
 */
export async function respondTo(url: string, body: Record<string, unknown>): Promise<void> {
  const allowed = /^https:\/\/hooks\.slack\.com\//.test(url) || /^http:\/\/127\.0\.0\.1:\d+\//.test(url);
  if (!allowed) throw new Error(`refusing to post to a response_url outside Slack: ${url.slice(0, 60)}`);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}
