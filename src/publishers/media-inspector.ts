import { imageSize } from 'image-size';
import type { Media, Platform } from '../core/domain/types.js';
import type { MediaDescription, MediaInspector, MediaProblem } from '../core/ports/media-inspector.js';
import { PREFLIGHT_RULES } from './index.js';
import { checkPreflight, type MediaFacts } from './preflight-rules.js';
import { type SafeResponse, safeFetch } from './safe-fetch.js';
import { type FetchPolicy, UrlRefusedError } from './url-guard.js';

/** Enough bytes for the header of any common image format (JPEG's SOF can follow large EXIF blocks). */
const PROBE_BYTES = 128 * 1024;

/**
 * Checks media over HTTP without downloading it: a ranged GET of the first 128 KiB gives the
 * type, the total size (Content-Range) and, for images, the dimensions; then the platform's
 * rules decide. Unreachable or refused media is a problem, never an exception.
 */
export class HttpMediaInspector implements MediaInspector {
  constructor(private readonly opts: { timeoutMs?: number; fetchPolicy?: FetchPolicy | undefined } = {}) {}

  async inspect(platform: Platform, caption: string, media: readonly Media[]): Promise<MediaProblem[]> {
    const facts: MediaFacts[] = [];
    for (const [index, item] of media.entries()) {
      const probed = await this.probe(item);
      if ('problem' in probed)
        return [{ code: probed.code, message: `Media ${index + 1} (${item.url}): ${probed.problem}` }];
      facts.push(probed);
    }
    return checkPreflight(PREFLIGHT_RULES[platform], { caption, media: facts }).map((p) => ({
      code: p.code,
      message: p.message,
    }));
  }

  async describe(url: string): Promise<MediaDescription | { problem: string }> {
    const probed = await this.probe({
      url,
      kind: /\.(mp4|mov|m4v|webm)(\?|#|$)/i.test(url) ? 'video' : 'image',
    });
    if ('problem' in probed) return { problem: probed.problem };
    const kind = probed.mimeType?.startsWith('video/')
      ? 'video'
      : probed.mimeType?.startsWith('image/')
        ? 'image'
        : undefined;
    return {
      ...(kind ? { kind } : {}),
      ...(probed.width ? { width: probed.width, height: probed.height } : {}),
      ...(probed.durationSec ? { durationSeconds: probed.durationSec } : {}),
    };
  }

  private async probe(item: Media): Promise<MediaFacts | { code: string; problem: string }> {
    let response: SafeResponse;
    try {
      response = await safeFetch(item.url, {
        headers: { range: `bytes=0-${PROBE_BYTES - 1}` },
        timeoutMs: this.opts.timeoutMs ?? 10_000,
        maxBytes: PROBE_BYTES,
        policy: this.opts.fetchPolicy ?? {},
      });
    } catch (error) {
      if (error instanceof UrlRefusedError)
        return { code: 'media_refused', problem: `refused: ${error.reason}` };
      return { code: 'media_unreachable', problem: `not reachable (${failureName(error)})` };
    }
    if (response.status < 200 || response.status > 299)
      return { code: 'media_unreachable', problem: `the server answered HTTP ${response.status}` };
    const bytes = Buffer.from(response.body);
    const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    const sizeBytes = totalSize(response) ?? bytes.length;
    const isVideo = item.kind === 'video' || mimeType?.startsWith('video/');
    const dims = isVideo ? undefined : dimensions(bytes);
    const durationSec = isVideo ? mp4Duration(bytes) : undefined;
    return { kind: item.kind, mimeType, sizeBytes, ...dims, ...(durationSec ? { durationSec } : {}) };
  }
}

/** A socket error's code (ECONNREFUSED) or the error's name (TimeoutError): never the message. */
function failureName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'network error';
}

function totalSize(response: SafeResponse): number | undefined {
  const range = response.headers.get('content-range')?.match(/\/(\d+)$/);
  if (range) return Number(range[1]);
  const length = response.status === 200 ? response.headers.get('content-length') : null;
  return length ? Number(length) : undefined;
}

/** An image's width and height from its header bytes; nothing when they cannot be read. */
export function dimensions(bytes: Buffer): { width?: number; height?: number } {
  try {
    const { width, height } = imageSize(bytes);
    return { width, height };
  } catch {
    return {};
  }
}

/**
 * A video's length from its `mvhd` box (ISO BMFF: MP4, MOV), when the file's header holds it
 * within the probed bytes (a "fast start" file); undefined otherwise.
 */
export function mp4Duration(bytes: Buffer): number | undefined {
  const at = bytes.indexOf('mvhd');
  if (at < 4 || at + 32 > bytes.length) return undefined;
  const version = bytes[at + 4];
  const base = at + 8;
  const [timescale, duration] =
    version === 1
      ? [bytes.readUInt32BE(base + 16), Number(bytes.readBigUInt64BE(base + 20))]
      : [bytes.readUInt32BE(base + 8), bytes.readUInt32BE(base + 12)];
  if (!timescale || !duration) return undefined;
  return Math.round((duration / timescale) * 100) / 100;
}
