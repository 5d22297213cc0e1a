import { PublishError } from '../core/ports/publisher.js';
import { describe, safeError } from './http.js';

/**
 * Mastodon and Bluesky take media as bytes, not URLs, so those adapters fetch the post's media
 * first. A missing file is the post's fault (permanent); a flaky media host is not (transient).
 */

export interface DownloadedMedia {
  bytes: Uint8Array;
  contentType: string;
}

/** Fetches `url` with a timeout and a size cap; never buffers more than `maxBytes`. */
export async function downloadMedia(
  url: string,
  opts: { timeoutMs: number; maxBytes: number },
): Promise<DownloadedMedia> {
  const what = describe('GET', url);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs) });
  } catch (err) {
    throw mediaTransportError(err, what, opts.timeoutMs);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const kind =
      response.status === 408 || response.status === 429 || response.status >= 500
        ? 'transient'
        : 'permanent';
    throw new PublishError(kind, 'media_unreachable', `media ${what} → HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > opts.maxBytes) {
    await response.body?.cancel();
    throw tooLarge(what, declared, opts.maxBytes);
  }
  const bytes = await readCapped(response, what, opts);
  const contentType = (response.headers.get('content-type') ?? 'application/octet-stream')
    .split(';')[0]!
    .trim();
  return { bytes, contentType };
}

async function readCapped(response: Response, what: string, opts: { timeoutMs: number; maxBytes: number }) {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      if (total > opts.maxBytes) throw tooLarge(what, total, opts.maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof PublishError) throw err;
    throw mediaTransportError(err, what, opts.timeoutMs);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(what: string, size: number, max: number): PublishError {
  return new PublishError(
    'permanent',
    'media_too_large',
    `media ${what} is ${size} bytes; the platform allows ${max}`,
  );
}

function mediaTransportError(err: unknown, what: string, timeoutMs: number): PublishError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return safeError('transient', 'timeout', `media ${what} timed out after ${timeoutMs} ms`);
  }
  return safeError(
    'transient',
    'network',
    `media ${what} failed: ${err instanceof Error ? err.message : String(err)}`,
  );
}
