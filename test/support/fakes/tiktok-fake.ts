import {
  bearer,
  type FakeReply,
  type FakeRequest,
  type FakeServer,
  type Route,
  startFakeServer,
} from './fake-server.js';

/**
 * Fake TikTok Content Posting API (Direct Post, PULL_FROM_URL): creator_info, video/init,
 * status/fetch moving through PROCESSING_DOWNLOAD → PROCESSING_UPLOAD → PUBLISH_COMPLETE (or FAILED),
 * and video/list, all in the `{ data, error: { code, message, log_id } }` envelope.
 */

export interface TikTokPublish {
  publishId: string;
  title: string;
  privacyLevel: string;
  videoUrl: string;
  /** post_info.video_cover_timestamp_ms, when the init gave one. */
  coverTimestampMs?: number;
  pollsLeft: number;
  status: 'PROCESSING_DOWNLOAD' | 'PROCESSING_UPLOAD' | 'PUBLISH_COMPLETE' | 'FAILED';
  failReason?: string;
  postId?: string;
}

export interface TikTokVideo {
  id: string;
  title: string;
  createTime: number;
  shareUrl: string;
}

export interface TikTokFakeState {
  token: string;
  username: string;
  privacyLevelOptions: string[];
  /** Every init the fake accepted (each one is a post TikTok will make). */
  publishes: Map<string, TikTokPublish>;
  /** Published videos: tests assert at-most-once on this. */
  videos: TikTokVideo[];
  /** Status polls before a publish settles. */
  processingPolls: number;
  /** When set, the next publishes settle as FAILED with this fail_reason. */
  failReason: string | undefined;
  nextId: number;
}

export interface TikTokFakeOptions {
  token?: string;
  privacyLevelOptions?: string[];
  processingPolls?: number;
  latencyMs?: number;
}

export type FakeTikTok = FakeServer<TikTokFakeState>;

let logCounter = 0;

/** A TikTok v2 answer. */
export function tiktokReply(status: number, data: unknown, code = 'ok', message = ''): FakeReply {
  return { status, body: { data, error: { code, message, log_id: `log-${++logCounter}` } } };
}

export async function startFakeTikTok(options: TikTokFakeOptions = {}): Promise<FakeTikTok> {
  const state: TikTokFakeState = {
    token: options.token ?? 'tt-test-token',
    username: 'mia',
    privacyLevelOptions: options.privacyLevelOptions ?? [
      'PUBLIC_TO_EVERYONE',
      'MUTUAL_FOLLOW_FRIENDS',
      'SELF_ONLY',
    ],
    publishes: new Map(),
    videos: [],
    processingPolls: options.processingPolls ?? 2,
    failReason: undefined,
    nextId: 7_300_000_000_000,
  };
  return startFakeServer({
    state,
    latencyMs: options.latencyMs,
    snapshot: (s) => ({ publishes: [...s.publishes.values()], videos: s.videos }),
    routes: tiktokRoutes(state),
  });
}

function tiktokRoutes(state: TikTokFakeState): Route[] {
  const authed = (handler: (state: TikTokFakeState, req: FakeRequest) => FakeReply) => (req: FakeRequest) =>
    bearer(req) === state.token
      ? handler(state, req)
      : tiktokReply(
          401,
          {},
          'access_token_invalid',
          'The access token is invalid or not found in the request.',
        );
  return [
    { method: 'POST', path: '/v2/post/publish/creator_info/query/', handler: authed(creatorInfo) },
    { method: 'POST', path: '/v2/post/publish/video/init/', handler: authed(initVideo) },
    { method: 'POST', path: '/v2/post/publish/status/fetch/', handler: authed(fetchStatus) },
    { method: 'POST', path: '/v2/video/list/', handler: authed(listVideos) },
  ];
}

function creatorInfo(state: TikTokFakeState): FakeReply {
  return tiktokReply(200, {
    creator_username: state.username,
    creator_nickname: 'Mia',
    privacy_level_options: state.privacyLevelOptions,
    comment_disabled: false,
    duet_disabled: false,
    stitch_disabled: false,
    max_video_post_duration_sec: 600,
  });
}

interface InitBody {
  post_info?: { title?: string; privacy_level?: string; video_cover_timestamp_ms?: number };
  source_info?: { source?: string; video_url?: string };
}

function initVideo(state: TikTokFakeState, req: FakeRequest): FakeReply {
  const body = (req.body ?? {}) as InitBody;
  if (body.source_info?.source !== 'PULL_FROM_URL' || !body.source_info.video_url) {
    return tiktokReply(400, {}, 'invalid_params', 'source_info is invalid');
  }
  const privacyLevel = body.post_info?.privacy_level ?? '';
  if (!state.privacyLevelOptions.includes(privacyLevel)) {
    return tiktokReply(
      400,
      {},
      'privacy_level_option_mismatch',
      'privacy_level is not among the creator options',
    );
  }
  const publishId = `v_pub_url~v2.${state.nextId++}`;
  state.publishes.set(publishId, {
    publishId,
    title: body.post_info?.title ?? '',
    privacyLevel,
    videoUrl: body.source_info.video_url,
    ...(body.post_info?.video_cover_timestamp_ms === undefined
      ? {}
      : { coverTimestampMs: body.post_info.video_cover_timestamp_ms }),
    pollsLeft: state.processingPolls,
    status: 'PROCESSING_DOWNLOAD',
    ...(state.failReason ? { failReason: state.failReason } : {}),
  });
  return tiktokReply(200, { publish_id: publishId });
}

function fetchStatus(state: TikTokFakeState, req: FakeRequest): FakeReply {
  const publish = state.publishes.get((req.body as { publish_id?: string } | undefined)?.publish_id ?? '');
  if (!publish) return tiktokReply(400, {}, 'invalid_params', 'publish_id not found');
  advance(state, publish);
  return tiktokReply(200, {
    status: publish.status,
    ...(publish.status === 'FAILED' ? { fail_reason: publish.failReason } : {}),
    publicaly_available_post_id: publish.postId ? [Number(publish.postId)] : [],
    uploaded_bytes: 0,
  });
}

function listVideos(state: TikTokFakeState): FakeReply {
  const videos = [...state.videos]
    .reverse()
    .map((v) => ({ id: v.id, title: v.title, create_time: v.createTime, share_url: v.shareUrl }));
  return tiktokReply(200, { videos, cursor: 0, has_more: false });
}

function advance(state: TikTokFakeState, publish: TikTokPublish): void {
  if (publish.status === 'PUBLISH_COMPLETE' || publish.status === 'FAILED') return;
  if (publish.pollsLeft-- > 0) {
    publish.status =
      publish.pollsLeft < state.processingPolls - 1 ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD';
    return;
  }
  if (publish.failReason) {
    publish.status = 'FAILED';
    return;
  }
  publish.status = 'PUBLISH_COMPLETE';
  publish.postId = String(state.nextId++);
  state.videos.push({
    id: publish.postId,
    title: publish.title,
    createTime: Math.floor(Date.now() / 1000),
    shareUrl: `https://www.tiktok.com/@${state.username}/video/${publish.postId}`,
  });
}
