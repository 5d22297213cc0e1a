import type { z } from 'zod';
import type { Cover, Media } from '../core/domain/types.js';
import { PublishError, type PublishRequest } from '../core/ports/publisher.js';
import { isOk } from './errors.js';
import { describe, formBody, httpCall, joinUrl, parseBody, sleep } from './http.js';
import { ContainerCreated, ContainerStatus, classifyInstagramError } from './instagram-protocol.js';

/**
 * The Graph API calls behind an Instagram publish: one authenticated call, and the container steps
 * (create IMAGE / REELS / CAROUSEL, poll status_code until FINISHED). Nothing here publishes, so
 * every failure in this file leaves the account untouched and a retry is safe.
 */

interface GraphClientOptions {
  baseUrl: string;
  timeoutMs: number;
  now: () => Date;
}

export interface PollOptions {
  pollIntervalMs: number;
  maxPolls: number;
}

const TRANSIENT_CONTAINER_SUBCODES = ['2207001', '2207003', '2207020', '2207032', '2207053'];

export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  /** One call: token in the form body for POST, in the query for GET (as documented). */
  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    params: Record<string, string>,
    schema: z.ZodType<T>,
  ): Promise<{ data: T; traceId: string | undefined }> {
    const withToken = { ...params, access_token: token };
    const url = joinUrl(this.options.baseUrl, path, method === 'GET' ? withToken : undefined);
    const body = method === 'POST' ? formBody(withToken) : undefined;
    const result = await httpCall({ method, url, body, timeoutMs: this.options.timeoutMs, secrets: [token] });
    if (!isOk(result)) {
      const nowMs = this.options.now().getTime();
      throw classifyInstagramError(result.status, result.json, {
        headers: result.headers,
        nowMs,
        secrets: [token],
      });
    }
    const data = parseBody(schema, result, `Instagram ${describe(method, url)}`);
    return { data, traceId: result.headers.get('x-fb-trace-id') ?? undefined };
  }
}

/** The container to publish: the single item, or a CAROUSEL of finished child containers. */
export async function createContainer(
  graph: GraphClient,
  userId: string,
  request: PublishRequest,
  token: string,
  poll: PollOptions,
): Promise<string> {
  const create = async (fields: Record<string, string>) =>
    (await graph.call('POST', `/${userId}/media`, token, fields, ContainerCreated)).data.id;
  if (request.media.length === 1) {
    const single = mediaFields(request.media[0]!, false);
    return create({ ...single, ...reelCover(single, request.cover), caption: request.caption });
  }
  const children: string[] = [];
  for (const item of request.media) {
    const child = await create({ ...mediaFields(item, true), is_carousel_item: 'true' });
    await waitUntilFinished(graph, child, token, poll);
    children.push(child);
  }
  return create({ media_type: 'CAROUSEL', children: children.join(','), caption: request.caption });
}

/** Polls `status_code` until FINISHED; ERROR, EXPIRED and running out of polls are errors. */
export async function waitUntilFinished(
  graph: GraphClient,
  containerId: string,
  token: string,
  poll: PollOptions,
) {
  for (let attempt = 0; attempt < poll.maxPolls; attempt++) {
    if (attempt > 0) await sleep(poll.pollIntervalMs);
    const fields = { fields: 'status_code,status' };
    const { data } = await graph.call('GET', `/${containerId}`, token, fields, ContainerStatus);
    if (data.status_code === 'FINISHED') return;
    if (data.status_code === 'ERROR') throw containerError(data.status);
    if (data.status_code === 'EXPIRED') {
      throw new PublishError(
        'transient',
        'container_expired',
        'Instagram container expired before publishing',
      );
    }
    if (data.status_code === 'PUBLISHED') {
      throw new PublishError('transient', 'outcome_unknown', 'Instagram container was already published');
    }
  }
  const waited = (poll.maxPolls * poll.pollIntervalMs) / 1000;
  throw new PublishError(
    'transient',
    'processing_timeout',
    `Instagram still processing the media after ${waited} s`,
  );
}

function mediaFields(media: Media, carouselItem: boolean): Record<string, string> {
  if (media.kind === 'image') return { image_url: media.url };
  return { video_url: media.url, media_type: carouselItem ? 'VIDEO' : 'REELS' };
}

/** A reel's cover: `cover_url` (a picture) or `thumb_offset` (a moment, in ms); other media have none. */
function reelCover(fields: Record<string, string>, cover: Cover | undefined): Record<string, string> {
  if (fields.media_type !== 'REELS' || !cover) return {};
  return cover.kind === 'picture' ? { cover_url: cover.url } : { thumb_offset: String(cover.atMs) };
}

/** ERROR carries the reason's subcode in `status`; a few subcodes say "try again with a new container". */
function containerError(status: string | undefined): PublishError {
  const transient = TRANSIENT_CONTAINER_SUBCODES.some((code) => status?.includes(code));
  const message = `Instagram could not process the media${status ? `: ${status}` : ''}`;
  return new PublishError(
    transient ? 'transient' : 'permanent',
    transient ? 'container_failed' : 'media_rejected',
    message,
  );
}
