import { type AssetFields, type CheckedAsset, checkAsset, differs, mayGo } from '../domain/library.js';
import type { Asset, Influencer, Post } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { MediaDescription } from '../ports/media-inspector.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { count, type Outcome } from './reply.js';

/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 50_000;
const INSERT_BATCH = 1000;

/**
 * The influencer a person names: its handle (`@mia`, `mia`), or any account of it
 * (`instagram:@mia`, `acc_…`).
 */
export async function resolveInfluencer(
  deps: Pick<CoreDeps, 'influencers' | 'accounts'>,
  workspaceId: string,
  ref: string,
): Promise<Influencer> {
  const handle = ref.trim().replace(/^@/, '').toLowerCase();
  if (!handle)
    throw new HeraldError('VALIDATION_FAILED', 'Say whose library: an influencer like @mia.', {
      hint: 'library add @mia https://… score:80',
    });
  const byHandle = (await deps.influencers.list(workspaceId)).find((i) => i.handle.toLowerCase() === handle);
  if (byHandle) return byHandle;
  const [account] = await resolveAccounts(deps, workspaceId, ref);
  const influencer = account && (await deps.influencers.get(workspaceId, account.influencerId));
  if (!influencer) throw notFound('influencer', ref);
  return influencer;
}

/** Adds one asset to an influencer's library (from chat, the API or the compose form). */
export async function libraryAdd(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { influencer: string } & AssetFields,
  uploaded?: MediaDescription,
): Promise<Outcome<Asset>> {
  const influencer = await resolveInfluencer(deps, ctx.workspace.id, req.influencer);
  const checked = checkAsset(req);
  if (!checked.ok)
    throw new HeraldError('VALIDATION_FAILED', `The asset is not valid: ${checked.reason}.`, {
      hint: `library add @${influencer.handle} https://cdn.example.com/photo.jpg score:80 #tag "caption"`,
    });
  // What the file is, from its first bytes (unreadable now is no refusal: preflight checks it again).
  const read = uploaded ?? (await deps.mediaInspector.describe(checked.value.url));
  const facts = 'problem' in read ? {} : read;
  const asset = newAsset(deps, ctx, influencer.id, {
    ...checked.value,
    ...(facts.kind && !req.type ? { kind: facts.kind } : {}),
    ...(facts.width ? { width: facts.width, height: facts.height } : {}),
    ...(facts.durationSeconds ? { durationSeconds: facts.durationSeconds } : {}),
  });
  if (!(await deps.assets.insert(asset))) {
    const existing = await deps.assets.byUrl(ctx.workspace.id, influencer.id, checked.value.url);
    throw new HeraldError(
      'CONFLICT',
      `@${influencer.handle}'s library already has this URL (${existing?.id}).`,
      {
        hint: 'Change its score or caption with an import, or re-queue it with `library requeue <id>`.',
        details: { assetId: existing?.id },
      },
    );
  }
  await audit(deps, ctx, asset, 'asset.added', { score: asset.score, url: asset.url });
  return {
    result: asset,
    reply: {
      title: `Added ${asset.id} to @${influencer.handle}'s library (score ${asset.score}, ${describeFile(asset)})`,
      lines: [
        asset.url,
        ...(asset.caption ? [`“${asset.caption.slice(0, 120)}”`] : []),
        ...('problem' in read
          ? [`Could not read the file (${read.problem}): it is checked again before it publishes.`]
          : []),
      ],
      public: true,
    },
  };
}

/**
 * A file uploaded to the library (the API's raw body): kept under the data directory at a URL
 * platforms can fetch, then added like any asset. Only images and videos are taken.
 */
export async function libraryUpload(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { influencer: string; bytes: Uint8Array } & Omit<AssetFields, 'url'>,
): Promise<Outcome<Asset>> {
  if (!deps.media)
    throw new HeraldError('FEATURE_DISABLED', 'This installation keeps no uploaded files.', {
      hint: 'Add the file by its URL instead: POST /v1/library {"url": "https://…"}.',
    });
  await resolveInfluencer(deps, ctx.workspace.id, req.influencer);
  const checked = checkAsset({ ...req, url: 'https://upload.invalid/file' });
  if (!checked.ok)
    throw new HeraldError('VALIDATION_FAILED', `The asset is not valid: ${checked.reason}.`, {
      hint: 'POST /v1/library:upload?influencer=@mia&score=80 with the file as the body',
    });
  if (req.bytes.length === 0)
    throw new HeraldError('VALIDATION_FAILED', 'The upload is empty.', {
      hint: 'Send the file as the request body.',
    });
  const { bytes, ...fields } = req;
  const stored = await deps.media.save(bytes);
  if ('problem' in stored)
    throw new HeraldError('VALIDATION_FAILED', `The upload was refused: ${stored.problem}.`, {
      hint: 'Upload a JPEG, PNG or WebP picture, or an MP4 or MOV video.',
    });
  return libraryAdd(deps, ctx, { ...fields, url: stored.url }, stored.description);
}

/** An influencer's library, best first, with what each asset's state means. */
export async function libraryList(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { influencer: string; limit?: number },
): Promise<Outcome<Asset[]>> {
  const influencer = await resolveInfluencer(deps, ctx.workspace.id, req.influencer);
  const assets = (await deps.assets.list(ctx.workspace.id, influencer.id)).sort(
    (a, b) => Number(b.state === 'ready') - Number(a.state === 'ready') || b.score - a.score,
  );
  const limit = req.limit ?? 15;
  const ready = assets.filter((a) => mayGo(a, deps.clock.now())).length;
  return {
    result: assets,
    reply: {
      title: `Library of @${influencer.handle}: ${count(assets.length, 'asset')}, ${ready} ready to pick`,
      lines: [
        ...assets
          .slice(0, limit)
          .map(
            (a) =>
              `${a.id}  ${String(a.score).padStart(3)}  ${a.state.padEnd(8)} ${a.timesPosted ? `posted ${a.timesPosted}× ` : ''}${a.url}`,
          ),
        ...(assets.length > limit
          ? [`… and ${assets.length - limit} more (export them: GET /v1/library:export)`]
          : []),
        ...(assets.length === 0 ? [`Empty. Add: library add @${influencer.handle} https://… score:80`] : []),
      ],
      public: false,
    },
  };
}

/** A person puts an asset back in line: a failed, retired or posted asset may be picked again. */
export async function libraryRequeue(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { assetId: string },
): Promise<Outcome<Asset>> {
  const asset = await deps.assets.get(ctx.workspace.id, req.assetId);
  if (!asset) throw notFound('asset', req.assetId);
  if (asset.state === 'reserved')
    throw new HeraldError('INVALID_TRANSITION', `${asset.id} is reserved for ${asset.pick?.postId}.`, {
      hint: `Cancel that post, or press "Skip (next best)" on its card, to free it.`,
    });
  const updated = await deps.assets.update(ctx.workspace.id, asset.id, asset.version, { state: 'ready' });
  if (!updated)
    throw new HeraldError('VERSION_CONFLICT', `${asset.id} changed meanwhile.`, { hint: 'Try again.' });
  await audit(deps, ctx, updated, 'asset.requeued', { from: asset.state });
  return {
    result: updated,
    reply: {
      title: `Re-queued ${asset.id} (was ${asset.state}): it may be picked again`,
      lines: [],
      public: true,
    },
  };
}

export interface ImportRow {
  /** 1-based line of the file (CSV: the header is line 1), or the index in a JSON array + 1. */
  line: number;
  fields: AssetFields & { influencer?: string | undefined };
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  rows: {
    line: number;
    result: 'created' | 'updated' | 'unchanged' | 'refused';
    id?: string;
    reason?: string;
  }[];
}

/**
 * Imports rows into the library: each is created, updated (score, caption, hashtags, tags,
 * type) or left unchanged, matched on its influencer and URL; a bad row is refused with its
 * line and reason and nothing else is affected. Importing the same rows twice changes nothing.
 */
export async function libraryImport(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { rows: ImportRow[]; influencer?: string | undefined },
): Promise<Outcome<ImportReport>> {
  if (req.rows.length > MAX_IMPORT_ROWS)
    throw new HeraldError(
      'VALIDATION_FAILED',
      `The file has ${req.rows.length} rows; one import takes at most ${MAX_IMPORT_ROWS}.`,
      {
        hint: 'Split it into several files.',
      },
    );
  const ws = ctx.workspace.id;
  const fallback = req.influencer ? await resolveInfluencer(deps, ws, req.influencer) : undefined;
  const influencers = new Map<string, Influencer | null>();
  const influencerOf = async (ref: string | undefined): Promise<Influencer | string> => {
    const key = (ref ?? '').trim();
    if (!key) return fallback ?? 'influencer is empty: name one (@mia) in the row or for the whole import';
    if (!influencers.has(key)) influencers.set(key, await resolveInfluencer(deps, ws, key).catch(() => null));
    return influencers.get(key) ?? `influencer "${key.slice(0, 40)}" is not in this workspace`;
  };
  const stored = new Map<string, Asset>();
  for (const asset of await deps.assets.list(ws)) stored.set(`${asset.influencerId} ${asset.url}`, asset);
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, refused: 0, rows: [] };
  const fresh: { line: number; asset: Asset }[] = [];
  const seen = new Set<string>();
  for (const row of req.rows) {
    const refuse = (reason: string) => {
      report.refused += 1;
      report.rows.push({ line: row.line, result: 'refused', reason });
    };
    const influencer = await influencerOf(row.fields.influencer);
    if (typeof influencer === 'string') {
      refuse(influencer);
      continue;
    }
    const checked = checkAsset(row.fields);
    if (!checked.ok) {
      refuse(checked.reason);
      continue;
    }
    const key = `${influencer.id} ${checked.value.url}`;
    if (seen.has(key)) {
      refuse('the same URL appears on an earlier line of this file');
      continue;
    }
    seen.add(key);
    const existing = stored.get(key);
    if (!existing) {
      fresh.push({ line: row.line, asset: newAsset(deps, ctx, influencer.id, checked.value) });
      continue;
    }
    if (!differs(existing, checked.value)) {
      report.unchanged += 1;
      report.rows.push({ line: row.line, result: 'unchanged', id: existing.id });
      continue;
    }
    const updated = await deps.assets.update(ws, existing.id, existing.version, editable(checked.value));
    if (!updated) {
      refuse('the asset changed while the file was imported: import again');
      continue;
    }
    report.updated += 1;
    report.rows.push({ line: row.line, result: 'updated', id: existing.id });
  }
  for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
    const batch = fresh.slice(i, i + INSERT_BATCH);
    const inserted = new Set(await deps.assets.insertMany(batch.map((f) => f.asset)));
    for (const { line, asset } of batch) {
      if (inserted.has(asset.id)) {
        report.created += 1;
        report.rows.push({ line, result: 'created', id: asset.id });
      } else {
        report.refused += 1;
        report.rows.push({
          line,
          result: 'refused',
          reason: 'another import added this URL at the same time',
        });
      }
    }
  }
  report.rows.sort((a, b) => a.line - b.line);
  if (report.created + report.updated > 0)
    await deps.audit.append({
      id: deps.ids.next('aud'),
      workspaceId: ws,
      at: deps.clock.now(),
      actor: ctx.actor,
      action: 'library.imported',
      subject: { type: 'workspace', id: ws },
      after: {
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        refused: report.refused,
      },
    });
  const refusals = report.rows.filter((r) => r.result === 'refused');
  return {
    result: report,
    reply: {
      title: `Imported ${req.rows.length} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused`,
      lines: [
        ...refusals.slice(0, 10).map((r) => `line ${r.line}: ${r.reason}`),
        ...(refusals.length > 10 ? [`… and ${refusals.length - 10} more refused rows`] : []),
      ],
      public: true,
    },
  };
}

/** The library as rows (the columns an import reads back). */
export async function libraryExport(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { influencer?: string | undefined },
): Promise<Record<string, string | number>[]> {
  const one = req.influencer ? await resolveInfluencer(deps, ctx.workspace.id, req.influencer) : undefined;
  const handles = new Map((await deps.influencers.list(ctx.workspace.id)).map((i) => [i.id, i.handle]));
  return (await deps.assets.list(ctx.workspace.id, one?.id)).map((a) => ({
    influencer: `@${handles.get(a.influencerId) ?? a.influencerId}`,
    url: a.url,
    type: a.kind,
    caption: a.caption,
    hashtags: a.hashtags.join(' '),
    tags: a.tags.join(' '),
    score: a.score,
    width: a.width ?? '',
    height: a.height ?? '',
    duration: a.durationSeconds ?? '',
    added_at: a.addedAt.toISOString(),
    posted_at: a.postedAt?.toISOString() ?? '',
    times_posted: a.timesPosted,
    state: a.state,
    id: a.id,
  }));
}

/** Posts planned in [from, to) as rows: what `herald export posts` and `GET /v1/posts:export` give. */
export async function postsExport(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { from: Date; to: Date },
): Promise<Record<string, string | number>[]> {
  if (!(req.from < req.to))
    throw new HeraldError('VALIDATION_FAILED', '`from` must be before `to`.', {
      hint: '--from 2026-12-01 --to 2026-12-31',
    });
  const jobs = await deps.jobs.listInWindow(ctx.workspace.id, req.from, req.to);
  const posts = new Map<string, Post>(
    (await deps.posts.getMany(ctx.workspace.id, [...new Set(jobs.map((j) => j.postId))])).map((p) => [
      p.id,
      p,
    ]),
  );
  const accounts = new Map((await deps.accounts.list(ctx.workspace.id)).map((a) => [a.id, a]));
  return jobs.map((job) => {
    const post = posts.get(job.postId);
    const account = accounts.get(job.accountId);
    return {
      post_id: job.postId,
      job_id: job.id,
      account: account ? `${account.platform}:@${account.handle}` : job.accountId,
      at: job.occurrenceAt.toISOString(),
      timezone: post?.timezone ?? '',
      status: job.status,
      caption: post ? (post.captions?.[job.accountId] ?? post.caption) : '',
      media: post?.media.map((m) => m.url).join(' ') ?? '',
      repeat: post?.recurrence?.rrule ?? '',
      campaign: post?.campaignId ?? '',
      asset: post?.assetId ?? '',
      published_at: job.publishedAt?.toISOString() ?? '',
      url: job.platformUrl ?? '',
    };
  });
}

function newAsset(deps: CoreDeps, ctx: OperationContext, influencerId: string, c: CheckedAsset): Asset {
  const now = deps.clock.now();
  return {
    id: deps.ids.next('ast'),
    workspaceId: ctx.workspace.id,
    influencerId,
    url: c.url,
    kind: c.kind,
    ...(c.width ? { width: c.width } : {}),
    ...(c.height ? { height: c.height } : {}),
    ...(c.durationSeconds ? { durationSeconds: c.durationSeconds } : {}),
    caption: c.caption,
    hashtags: c.hashtags,
    tags: c.tags,
    score: c.score,
    state: c.timesPosted > 0 ? 'posted' : 'ready',
    timesPosted: c.timesPosted,
    ...(c.postedAt ? { postedAt: c.postedAt } : {}),
    addedAt: c.addedAt ?? now,
    addedBy: ctx.actor,
    updatedAt: now,
    version: 1,
  };
}

function editable(c: CheckedAsset): Partial<Asset> {
  return {
    kind: c.kind,
    caption: c.caption,
    hashtags: c.hashtags,
    tags: c.tags,
    score: c.score,
    ...(c.width ? { width: c.width } : {}),
    ...(c.height ? { height: c.height } : {}),
    ...(c.durationSeconds ? { durationSeconds: c.durationSeconds } : {}),
  };
}

async function audit(
  deps: CoreDeps,
  ctx: OperationContext,
  asset: Asset,
  action: string,
  after: Record<string, unknown>,
): Promise<void> {
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: asset.workspaceId,
    at: deps.clock.now(),
    actor: ctx.actor,
    action,
    subject: { type: 'asset', id: asset.id },
    after,
  });
}

/** `image 1080×1350`, `video 12.5 s`, or just the kind when the file said nothing more. */
function describeFile(asset: Asset): string {
  if (asset.width && asset.height) return `${asset.kind} ${asset.width}×${asset.height}`;
  if (asset.durationSeconds) return `${asset.kind} ${asset.durationSeconds} s`;
  return asset.kind;
}
