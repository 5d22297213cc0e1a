import { imageSize } from 'image-size';
import type { Media, Platform } from '../core/domain/types.js';
import type { MediaInspector, MediaProblem } from '../core/ports/media-inspector.js';
import { PREFLIGHT_RULES } from './index.js';
import { checkPreflight, type MediaFacts } from './preflight-rules.js';

/** Enough bytes for the header of any common image format (JPEG's SOF can follow large EXIF blocks). */
const PROBE_BYTES = 128 * 1024;

/**
 * Checks media over HTTP without downloading it: a ranged GET of the first 128 KiB gives the
 * type, the total size (Content-Range) and, for images, the dimensions; then the platform's
 * rules decide. Unreachable media is a problem, never an exception.
 */
export class HttpMediaInspector implements MediaInspector {
  constructor(private readonly opts: { timeoutMs?: number } = {}) {}

  async inspect(platform: Platform, caption: string, media: readonly Media[]): Promise<MediaProblem[]> {
    const facts: MediaFacts[] = [];
    for (const [index, item] of media.entries()) {
      const probed = await this.probe(item);
      if ('problem' in probed)
        return [
          { code: 'media_unreachable', message: `Media ${index + 1} (${item.url}): ${probed.problem}` },
        ];
      facts.push(probed);
    }
    return checkPreflight(PREFLIGHT_RULES[platform], { caption, media: facts }).map((p) => ({
      code: p.code,
      message: p.message,
    }));
  }

  private async probe(item: Media): Promise<MediaFacts | { problem: string }> {
    let response: Response;
    try {
      response = await fetch(item.url, {
        headers: { range: `bytes=0-${PROBE_BYTES - 1}` },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        redirect: 'follow',
      });
    } catch (error) {
      return { problem: `not reachable (${error instanceof Error ? error.name : 'network error'})` };
    }
    if (!response.ok) return { problem: `the server answered HTTP ${response.status}` };
    const bytes = Buffer.from(await response.arrayBuffer());
    const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    const sizeBytes = totalSize(response) ?? bytes.length;
    const dims = item.kind === 'image' ? dimensions(bytes) : undefined;
    return { kind: item.kind, mimeType, sizeBytes, ...dims };
  }
}

function totalSize(response: Response): number | undefined {
  const range = response.headers.get('content-range')?.match(/\/(\d+)$/);
  if (range) return Number(range[1]);
  const length = response.status === 200 ? response.headers.get('content-length') : null;
  return length ? Number(length) : undefined;
}

function dimensions(bytes: Buffer): { width?: number; height?: number } {
  try {
    const { width, height } = imageSize(bytes);
    return { width, height };
  } catch {
    return {};
  }
}
