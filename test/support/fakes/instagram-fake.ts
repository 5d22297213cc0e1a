import {
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type Route,
  startFakeServer,
} from './fake-server.js';

/**
 * Fake Instagram Graph API (content publishing): containers that stay IN_PROGRESS for a few polls,
 * media_publish, recent media, content_publishing_limit, and Graph-style error bodies.
 * Paths may carry a version prefix (/v21.0/...), as real base URLs do.
 */

export type ContainerStatusCode = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface IgContainer {
  id: string;
  userId: string;
  params: Record<string, string>;
  statusCode: ContainerStatusCode;
  pollsLeft: number;
}

export interface IgMedia {
  id: string;
  userId: string;
  caption: string;
  permalink: string;
  timestamp: string;
  containerId: string;
}

export interface InstagramFakeState {
  token: string;
  containers: Map<string, IgContainer>;
  /** Everything media_publish created: tests assert at-most-once on this. */
  media: IgMedia[];
  quotaUsage: number;
  quotaTotal: number;
  /** Status polls a new container answers IN_PROGRESS before reaching `containerOutcome`. */
  processingPolls: number;
  containerOutcome: 'FINISHED' | 'ERROR' | 'EXPIRED';
  nextId: number;
}

export interface InstagramFakeOptions {
  token?: string;
  processingPolls?: number;
  quotaTotal?: number;
  latencyMs?: number;
}

export type FakeInstagram = FakeServer<InstagramFakeState>;

/** Graph API error body, as documented under "Handling Errors". */
export function graphError(
  code: number,
  message: string,
  extra: { subcode?: number; transient?: boolean; type?: string } = {},
) {
  return {
    error: {
      message,
      type: extra.type ?? 'OAuthException',
      code,
      ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
      is_transient: extra.transient ?? false,
      fbtrace_id: `trace-${code}`,
    },
  };
}

export async function startFakeInstagram(options: InstagramFakeOptions = {}): Promise<FakeInstagram> {
  const state: InstagramFakeState = {
    token: options.token ?? 'ig-test-token',
    containers: new Map(),
    media: [],
    quotaUsage: 0,
    quotaTotal: options.quotaTotal ?? 100,
    processingPolls: options.processingPolls ?? 1,
    containerOutcome: 'FINISHED',
    nextId: 17_900_000_000_000,
  };
  return startFakeServer({
    state,
    latencyMs: options.latencyMs,
    stripPrefix: /^\/v\d+(\.\d+)?(?=\/)/,
    snapshot: (s) => ({ media: s.media, containers: [...s.containers.values()], quotaUsage: s.quotaUsage }),
    routes: instagramRoutes(state),
  });
}

type GraphHandler = (
  state: InstagramFakeState,
  req: FakeRequest,
  params: Record<string, string>,
) => FakeReply;

function instagramRoutes(state: InstagramFakeState): Route[] {
  const authed = (handler: GraphHandler) => (req: FakeRequest) => {
    const params = { ...req.query, ...((req.body as Record<string, string> | undefined) ?? {}) };
    if (params.access_token !== state.token)
      return { status: 400, body: graphError(190, 'Invalid OAuth access token.') };
    return handler(state, req, params);
  };
  return [
    { method: 'POST', path: '/:userId/media', handler: authed(createContainer) },
    { method: 'POST', path: '/:userId/media_publish', handler: authed(publishContainer) },
    { method: 'GET', path: '/:userId/media', handler: authed(recentMedia) },
    { method: 'GET', path: '/:userId/content_publishing_limit', handler: authed(publishingLimit) },
    { method: 'GET', path: '/:id', handler: authed(readNode) },
  ];
}

function createContainer(
  state: InstagramFakeState,
  req: FakeRequest,
  params: Record<string, string>,
): FakeReply {
  const isCarousel = params.media_type === 'CAROUSEL';
  const isVideo = params.video_url !== undefined;
  if (!isCarousel && !params.image_url && !isVideo) {
    return { status: 400, body: graphError(100, 'The parameter image_url is required') };
  }
  if (isVideo && !['REELS', 'VIDEO'].includes(params.media_type ?? '')) {
    return { status: 400, body: graphError(100, 'media_type is required') };
  }
  if (isCarousel && !(params.children ?? '').split(',').every((id) => state.containers.has(id))) {
    return { status: 400, body: graphError(100, 'Invalid children') };
  }
  const { access_token: _token, ...kept } = params;
  const id = String(state.nextId++);
  const container = {
    id,
    userId: req.params.userId!,
    params: kept,
    statusCode: 'IN_PROGRESS' as const,
    pollsLeft: state.processingPolls,
  };
  state.containers.set(id, container);
  return { status: 200, body: { id } };
}

function publishContainer(
  state: InstagramFakeState,
  req: FakeRequest,
  params: Record<string, string>,
): FakeReply {
  const container = state.containers.get(params.creation_id ?? '');
  if (!container) return { status: 400, body: graphError(100, 'Invalid creation_id') };
  if (state.quotaUsage >= state.quotaTotal) {
    return { status: 400, body: graphError(9, 'Application request limit reached', { subcode: 2207042 }) };
  }
  if (container.statusCode !== 'FINISHED') {
    return { status: 400, body: graphError(9007, 'Media ID is not available', { subcode: 2207027 }) };
  }
  container.statusCode = 'PUBLISHED';
  state.quotaUsage++;
  const id = String(state.nextId++);
  state.media.push({
    id,
    userId: req.params.userId!,
    caption: container.params.caption ?? '',
    permalink: `https://www.instagram.com/p/${id}/`,
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
    containerId: container.id,
  });
  return { status: 200, body: { id }, headers: { 'x-fb-trace-id': `trace-${id}` } };
}

/** GET /{id}: a container's status (each read advances processing) or a media object. */
function readNode(state: InstagramFakeState, req: FakeRequest): FakeReply {
  const container = state.containers.get(req.params.id!);
  if (container) {
    if (container.statusCode === 'IN_PROGRESS' && container.pollsLeft-- <= 0)
      container.statusCode = state.containerOutcome;
    const status =
      container.statusCode === 'ERROR' ? { status: 'Error: media could not be processed (2207026)' } : {};
    return { status: 200, body: { id: container.id, status_code: container.statusCode, ...status } };
  }
  const media = state.media.find((m) => m.id === req.params.id);
  if (!media) return { status: 400, body: graphError(100, 'Unsupported get request. Object does not exist') };
  const { id, permalink, caption, timestamp } = media;
  return { status: 200, body: { id, permalink, caption, timestamp } };
}

function recentMedia(state: InstagramFakeState, req: FakeRequest): FakeReply {
  const data = state.media
    .filter((m) => m.userId === req.params.userId)
    .reverse()
    .map(({ id, caption, permalink, timestamp }) => ({ id, caption, permalink, timestamp }));
  return { status: 200, body: { data, paging: {} } };
}

function publishingLimit(state: InstagramFakeState): FakeReply {
  const config = { quota_total: state.quotaTotal, quota_duration: 86400 };
  return { status: 200, body: { data: [{ quota_usage: state.quotaUsage, config }] } };
}
