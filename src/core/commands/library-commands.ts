import { HeraldError } from '../errors.js';
import {
  autopilotOff,
  autopilotOn,
  autopilotRunOnce,
  autopilotStatus,
  swapPick,
} from '../operations/autopilot.js';
import { libraryAdd, libraryList, libraryRequeue } from '../operations/library.js';
import type { CommandHandler } from './command-spec.js';
import { phraseOf, takeOptions } from './options.js';
import type { Word } from './tokenize.js';

export const LIBRARY_USAGE =
  'library add <@influencer> <url> [score:87] [#tag …] [tags:a,b] ["caption"] | library [list] <@influencer> | library requeue <asset id> | library skip|never <post id>';

/** `library …`: an influencer's content library. */
export const libraryCommand: CommandHandler = async (deps, ctx, args) => {
  const [first, ...rest] = args;
  const verb = first?.text.toLowerCase();
  if (!first) throw usage('Say what to do with the library.');
  if (verb === 'add') return (await libraryAdd(deps, ctx, addFields(rest))).reply;
  if (verb === 'requeue') {
    const id = rest[0]?.text;
    if (!id) throw usage('Which asset? Give its id (ast_…).');
    return (await libraryRequeue(deps, ctx, { assetId: id })).reply;
  }
  if (verb === 'skip' || verb === 'never') {
    const id = rest[0]?.text;
    if (!id) throw usage('Which post? Give the id of a pick (pst_…).');
    return (await swapPick(deps, ctx, { postId: id, never: verb === 'never' })).reply;
  }
  if (verb === 'import')
    throw new HeraldError('VALIDATION_FAILED', 'A file cannot be sent through chat.', {
      hint: 'Import with the CLI (herald library import file.csv) or POST /v1/library:import.',
    });
  const who = verb === 'list' ? rest[0]?.text : first.text;
  if (!who) throw usage('Whose library? Name an influencer: library @mia.');
  return (await libraryList(deps, ctx, { influencer: who })).reply;
};

function addFields(words: Word[]) {
  const [who, url, ...more] = words;
  if (!who || !url) throw usage('library add needs an influencer and a media URL.');
  const hashtags: string[] = [];
  const caption: string[] = [];
  let score: string | undefined;
  let tags: string | undefined;
  let type: string | undefined;
  for (const w of more) {
    if (w.quoted) caption.push(w.text);
    else if (/^score:/i.test(w.text)) score = w.text.slice(6);
    else if (/^tags?:/i.test(w.text)) tags = w.text.replace(/^tags?:/i, '');
    else if (/^type:/i.test(w.text)) type = w.text.slice(5);
    else if (w.text.startsWith('#')) hashtags.push(w.text);
    else caption.push(w.text);
  }
  return {
    influencer: who.text,
    url: url.text,
    ...(score !== undefined ? { score } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(type !== undefined ? { type } : {}),
    hashtags,
    caption: caption.join(' '),
  };
}

function usage(message: string): HeraldError {
  return new HeraldError('VALIDATION_FAILED', message, { hint: LIBRARY_USAGE });
}

export const AUTOPILOT_USAGE =
  'autopilot | autopilot on <campaign> <@accounts> <every day at 09:00 | each free slot> [--evergreen 30d/3] | autopilot off <campaign> | autopilot run-once <campaign>';

/** `autopilot …`: a campaign's autopilot. */
export const autopilotCommand: CommandHandler = async (deps, ctx, args) => {
  const { options, rest } = takeOptions(args, { evergreen: 'value', campaign: 'value' }, AUTOPILOT_USAGE);
  const [first, ...more] = rest;
  const verb = first?.text.toLowerCase();
  if (!verb || verb === 'status') return (await autopilotStatus(deps, ctx)).reply;
  const campaign = typeof options.campaign === 'string' ? options.campaign : more.shift()?.text;
  if (!campaign) throw new HeraldError('VALIDATION_FAILED', 'Which campaign?', { hint: AUTOPILOT_USAGE });
  if (verb === 'off') return (await autopilotOff(deps, ctx, { campaign })).reply;
  if (verb === 'run-once' || verb === 'run') return (await autopilotRunOnce(deps, ctx, { campaign })).reply;
  if (verb !== 'on')
    throw new HeraldError('VALIDATION_FAILED', `"${first?.text.slice(0, 30)}" is not an autopilot action.`, {
      hint: AUTOPILOT_USAGE,
    });
  const accounts = more.shift()?.text;
  const rule = phraseOf(more);
  if (!accounts || !rule)
    throw new HeraldError('VALIDATION_FAILED', 'autopilot on needs the accounts and a rule.', {
      hint: `autopilot on ${campaign} @mia every day at 09:00`,
    });
  return (
    await autopilotOn(deps, ctx, {
      campaign,
      accounts,
      rule,
      ...(typeof options.evergreen === 'string' ? { evergreen: options.evergreen } : {}),
    })
  ).reply;
};
