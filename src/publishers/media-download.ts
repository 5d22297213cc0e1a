import { PublishError } from '../core/ports/publisher.js';
import { safeError } from './http.js';
import { type SafeResponse, safeFetch } from './safe-fetch.js';
import { describeUrl, type FetchPolicy, UrlRefusedError } from './url-guard.js';

/**
 * Mastodon and Bluesky take media as bytes, not URLs, so those adapters fetch the post's media
 * first. A missing file is the post's fault (permanent); a flaky media host is not (transient);
 * a URL pointing inside the network is refused before any connection (permanent).
 */

interface DownloadedMedia {
  bytes: Uint8Array;
  contentType: string;
}

/** Fetches `url` under the fetch policy, with a timeout and a size cap; never buffers more than `maxBytes`. */
export async function downloadMedia(
  url: string,
  opts: { timeoutMs: number; maxBytes: number; policy?: FetchPolicy | undefined },
): Promise<DownloadedMedia> {
  const what = `GET ${describeUrl(url)}`;
  let response: SafeResponse;
  try {
    response = await safeFetch(url, {
      timeoutMs: opts.timeoutMs,
      maxBytes: opts.maxBytes,
      policy: opts.policy ?? {},
    });
  } catch (err) {
    throw mediaFetchError(err, url, opts.timeoutMs);
  }
  if (response.status < 200 || response.status > 299) {
    const kind =
      response.status === 408 || response.status === 429 || response.status >= 500
        ? 'transient'
        : 'permanent';
    throw new PublishError(kind, 'media_unreachable', `media ${what} → HTTP ${response.status}`);
  }
  if (response.truncated) {
    throw new PublishError(
      'permanent',
      'media_too_large',
      `media ${what} is larger than the ${opts.maxBytes} bytes the platform allows`,
    );
  }
  const contentType = (response.headers.get('content-type') ?? 'application/octet-stream')
    .split(';')[0]!
    .trim();
  return { bytes: response.body, contentType };
}

function mediaFetchError(err: unknown, url: string, timeoutMs: number): PublishError {
  const shown = describeUrl(url);
  if (err instanceof UrlRefusedError) {
    return new PublishError('permanent', 'media_refused', `media ${shown} refused: ${err.reason}`);
  }
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return safeError('transient', 'timeout', `media GET ${shown} timed out after ${timeoutMs} ms`);
  }
  const code = (err as { code?: unknown } | null)?.code;
  return safeError(
    'transient',
    'network',
    `media GET ${shown} failed: ${typeof code === 'string' ? code : 'network error'}`,
  );
}
