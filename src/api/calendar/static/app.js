// Herald's web calendar. Every write goes to the same /v1 operations the chat and the API use,
// with the page's CSRF token; the server checks every right again. Polls the feed (ETag) every
// second, so a change made elsewhere shows within 2 s even when a busy server takes most of a
// second to answer.

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? '';
const CSRF = meta('herald-csrf');
const POLL_MS = 1000;
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const $ = (id) => document.getElementById(id);
const state = {
  zone: localStorage.getItem('herald-zone') || meta('herald-zone') || 'UTC',
  dayStart: '06:00:00',
  selected: new Set(),
  feed: null,
  etag: null,
  range: null,
  accounts: [],
  campaigns: [],
};

async function api(method, url, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = CSRF;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 || res.status === 304 ? null : await res.json().catch(() => null);
  if (!res.ok && res.status !== 304) {
    const problem = data ?? {};
    throw new Error(`${problem.detail ?? res.statusText}${problem.hint ? ` — ${problem.hint}` : ''}`);
  }
  return { status: res.status, data, etag: res.headers.get('etag') };
}

function toast(text, bad = true) {
  const el = $('toast');
  el.textContent = text;
  el.className = bad ? 'bad' : 'good';
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 6000);
}

// ---- the feed -------------------------------------------------------------------------------

async function loadFeed(range, force) {
  const url = `/v1/calendar?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
  const sameRange = state.range && state.range.from === range.from && state.range.to === range.to;
  const res = await fetch(url, {
    headers: sameRange && !force && state.etag ? { 'if-none-match': state.etag } : {},
    credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.href = '/calendar';
    return false;
  }
  if (res.status === 304) return false;
  if (!res.ok) throw new Error(`the calendar feed answered ${res.status}`);
  state.feed = await res.json();
  state.etag = res.headers.get('etag');
  state.range = range;
  return true;
}

function eventsOf(feed) {
  const tiles = feed.tiles.map((t) => ({
    id: t.id,
    start: t.start,
    allDay: false,
    editable: t.can.move,
    durationEditable: false,
    title: `@${t.handle} ${t.caption}`,
    classNames: ['tile', `status-${t.status}`, ...(state.selected.has(t.id) ? ['selected'] : [])],
    extendedProps: { tile: t },
  }));
  const slots = feed.slots.map((s) => ({
    start: s.start,
    end: new Date(new Date(s.start).getTime() + 30 * 60_000).toISOString(),
    display: 'background',
    classNames: ['free-slot'],
    extendedProps: { slot: s },
  }));
  // Autopilot picks still to be made: what would go, as things stand (not a post yet).
  const tentative = (feed.tentative ?? []).map((t) => ({
    start: t.start,
    allDay: false,
    editable: false,
    title: `autopilot @${t.handle}`,
    classNames: ['tile', 'tentative'],
    extendedProps: { tentative: t },
  }));
  return [...tiles, ...tentative, ...slots];
}

// Problems first: a tile too small for every badge still shows the one that needs a person.
const BADGE_ORDER = [
  'needs_attention',
  'failed',
  'missing_media',
  'token_missing',
  'retrying',
  'token_expiring',
  'awaiting_approval',
  'suggested',
  'published',
  'scheduled',
  'cancelled',
];
const rank = (badge) => {
  const at = BADGE_ORDER.indexOf(badge.kind);
  return at < 0 ? BADGE_ORDER.length : at;
};

function badgeChip(badge, handle, brief = false) {
  // Only links a browser opens safely (a platform's answer is not trusted to be one).
  const url = /^(https?|dryrun):/i.test(badge.url ?? '') ? badge.url : null;
  const chip = document.createElement(url ? 'a' : 'span');
  chip.className = `badge badge-${badge.kind}`;
  // A tile is one account's: "@mia: not connected" on @mia's tile reads "not connected".
  const own = `@${handle}:`;
  const text = badge.text.startsWith(own) ? badge.text.slice(own.length).trim() : badge.text;
  // On a tile, the words before a dash ("suggested — waits for …"); the panel says it all.
  chip.textContent = brief ? text.split(' — ')[0] : text;
  chip.title = badge.text;
  if (url) {
    chip.href = url;
    chip.target = '_blank';
    chip.rel = 'noopener';
  }
  return chip;
}

function tentativeContent(arg, t) {
  const root = document.createElement('div');
  root.className = 'tile-body';
  const head = document.createElement('div');
  head.className = 'tile-head';
  head.textContent = `${arg.timeText} @${t.handle} · autopilot`;
  const caption = document.createElement('div');
  caption.className = 'tile-caption';
  caption.textContent = t.asset
    ? `would post ${t.asset.caption || t.asset.url} (score ${t.asset.score})`
    : 'library empty';
  root.title = `Autopilot of "${t.campaign}": ${t.asset ? `would pick ${t.asset.id}, score ${t.asset.score} (${t.asset.url})` : 'nothing left to pick in the library'}`;
  root.append(head, caption);
  return { domNodes: [root] };
}

function tileContent(arg) {
  const tentative = arg.event.extendedProps.tentative;
  if (tentative) return tentativeContent(arg, tentative);
  const tile = arg.event.extendedProps.tile;
  if (!tile) return { html: '' };
  const root = document.createElement('div');
  root.className = 'tile-body';
  root.dataset.job = tile.id;
  const badges = [...tile.badges].sort((a, b) => rank(a) - rank(b));
  const head = document.createElement('div');
  head.className = 'tile-head';
  head.textContent = `${arg.timeText}${tile.series ? ' ↻' : ''} @${tile.handle} · ${tile.platform}${tile.pick?.score !== undefined ? ` · ★${tile.pick.score}` : ''}`;
  const caption = document.createElement('div');
  caption.className = 'tile-caption';
  caption.textContent = tile.caption;
  const chips = document.createElement('div');
  chips.className = 'badges';
  chips.append(...badges.map((b) => badgeChip(b, tile.handle, true)));
  root.title = [head.textContent, tile.caption, badges.map((b) => b.text).join(' · ')].join('\n');
  root.append(head, caption, chips);
  return { domNodes: [root] };
}

// ---- moving ---------------------------------------------------------------------------------

async function onDrop(info) {
  const tile = info.event.extendedProps.tile;
  const whole = tile.series && $('whole-series').checked;
  const minutes = Math.round((info.event.start.getTime() - info.oldEvent.start.getTime()) / 60_000);
  const body = whole
    ? { when: `${minutes >= 0 ? '+' : ''}${minutes}m` }
    : { when: info.event.start.toISOString(), ...(tile.series ? { occurrence: tile.id } : {}) };
  try {
    await api('POST', `/v1/posts/${tile.postId}/reschedule`, body);
    toast(whole ? 'Moved the whole series.' : 'Moved.', false);
    await refresh(true);
  } catch (error) {
    info.revert();
    toast(`Not moved: ${error.message}`);
  }
}

function shiftSummary(data) {
  if (data.moved === 0 && data.refused === 0) return 'Nothing was shifted.';
  const moved = `Shifted ${data.moved} post${data.moved === 1 ? '' : 's'}`;
  if (!data.refused) return `${moved}.`;
  const why = data.results.find((r) => !r.ok)?.error;
  return `${moved}; ${data.refused} left as ${data.refused === 1 ? 'it was' : 'they were'}${why ? ` (${why})` : ''}.`;
}

async function shiftSelected() {
  const jobIds = [...state.selected];
  try {
    const { data } = await api('POST', '/v1/posts:bulk-shift', { jobIds, by: $('shift-by').value.trim() });
    toast(shiftSummary(data), data.moved === 0 || data.refused > 0);
    // What did not move stays selected, to try again with another shift.
    for (const r of data.results) if (r.ok) state.selected.delete(r.jobId);
    updateSelection();
    await refresh(true);
  } catch (error) {
    toast(`Not shifted: ${error.message}`);
  }
}

function toggleSelect(tile) {
  if (state.selected.has(tile.id)) state.selected.delete(tile.id);
  else state.selected.add(tile.id);
  updateSelection();
  state.calendar.refetchEvents();
}

function updateSelection() {
  $('selection').textContent = `${state.selected.size} selected`;
  $('shift').disabled = state.selected.size === 0;
}

// ---- a tile's details and actions -----------------------------------------------------------

const ACTIONS = [
  ['approve', 'Approve', (t) => ['approve', { jobIds: [t.id] }]],
  [
    'reject',
    'Reject',
    (t) => ['reject', { jobIds: [t.id], reason: prompt('Why? (the author sees this)') ?? '' }],
  ],
  ['publishNow', 'Publish now', (t) => ['publish-now', { jobIds: [t.id] }]],
  ['retry', 'Retry', (t) => ['retry', { jobIds: [t.id] }]],
  ['cancel', 'Cancel', (t) => ['cancel', t.series ? { occurrence: t.id } : {}]],
];

function actionButton(tile, [key, label, request]) {
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  button.dataset.action = key;
  button.addEventListener('click', async () => {
    const [path, body] = request(tile);
    try {
      await api('POST', `/v1/posts/${tile.postId}/${path}`, body);
      toast(`${label}: done.`, false);
      $('panel').hidden = true;
      await refresh(true);
    } catch (error) {
      toast(`${label} refused: ${error.message}`);
    }
  });
  return button;
}

function swapButton(tile, label, never) {
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  button.dataset.action = never ? 'pickNever' : 'pickNext';
  button.addEventListener('click', async () => {
    try {
      const { data } = await api('POST', `/v1/posts/${tile.postId}/pick:next`, { never });
      toast(`Now posts ${data.asset.id} (score ${data.asset.score}).`, false);
      $('panel').hidden = true;
      await refresh(true);
    } catch (error) {
      toast(`${label} refused: ${error.message}`);
    }
  });
  return button;
}

function showPanel(tile) {
  const panel = $('panel');
  const text = (tag, content, className = '') =>
    Object.assign(document.createElement(tag), { textContent: content, className });
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: state.zone,
  }).format(new Date(tile.start));
  // Every badge, in full: a tile shows only what fits.
  const badges = Object.assign(document.createElement('div'), { className: 'badges' });
  badges.append(...[...tile.badges].sort((a, b) => rank(a) - rank(b)).map((b) => badgeChip(b, tile.handle)));
  const buttons = Object.assign(document.createElement('div'), { className: 'actions' });
  buttons.append(...ACTIONS.filter(([key]) => tile.can[key]).map((action) => actionButton(tile, action)));
  // An autopilot pick: swap its asset for the next best, or retire it from the library.
  if (tile.can.swap)
    buttons.append(swapButton(tile, 'Skip (next best)', false), swapButton(tile, 'Not this one', true));
  // A post that cannot publish for want of a connection offers to connect the account here.
  if (CONNECTABLE[tile.platform] && tile.badges.some((b) => b.kind === 'token_missing'))
    buttons.append(connectButton(`Connect @${tile.handle}`, { account: tile.accountId }, true));
  const close = text('button', 'Close');
  close.type = 'button';
  close.addEventListener('click', () => {
    panel.hidden = true;
  });
  buttons.append(close);
  const status = `${tile.status}${tile.series ? ' · one occurrence of a series' : ''}${tile.pick ? ` · autopilot pick ${tile.pick.assetId}${tile.pick.score !== undefined ? `, score ${tile.pick.score}` : ''}` : ''} · ${tile.postId}`;
  panel.replaceChildren(
    text('h2', `@${tile.handle} · ${tile.platform}`),
    text('p', when),
    text('p', tile.caption, 'caption'),
    badges,
    text('p', status, 'muted'),
    buttons,
  );
  panel.hidden = false;
}

// ---- accounts: connect, reconnect ------------------------------------------------------------

// Platforms an account is connected to from here (OAuth, or Bluesky's app password).
const CONNECTABLE = { instagram: 'Instagram', tiktok: 'TikTok', mastodon: 'Mastodon', bluesky: 'Bluesky' };

// Asks Herald for a one-time connect link for the viewer and follows it: the platform's own page,
// then back to Herald, which says "Connected" (and tells the team's channel).
async function connect(body) {
  try {
    const { data } = await api('POST', '/v1/connections', body);
    location.href = data.url;
  } catch (error) {
    toast(`Cannot connect: ${error.message}`);
  }
}

function accountState(a) {
  if (a.platform === 'dryrun' || a.platform === 'webhook') return ['ready', 'published'];
  const status = a.connection?.status;
  if (status === 'needs_reconnect') return ['needs reconnect', 'token_missing'];
  if (status === 'disconnected' || !a.connected) return ['not connected', 'token_missing'];
  return ['connected', 'published'];
}

function connectButton(label, body, primary) {
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  if (primary) button.className = 'primary';
  button.addEventListener('click', () => connect(body));
  return button;
}

async function showAccounts() {
  const panel = $('panel');
  const { data } = await api('GET', '/v1/accounts');
  state.accounts = data.items;
  const rows = data.items.map((a) => {
    const row = Object.assign(document.createElement('div'), { className: 'account-row' });
    row.dataset.account = a.id;
    const [text, kind] = accountState(a);
    const chip = Object.assign(document.createElement('span'), {
      className: `badge badge-${kind}`,
      textContent: text,
    });
    row.append(
      Object.assign(document.createElement('span'), {
        className: 'handle',
        textContent: `@${a.handle} · ${a.platform}`,
      }),
      chip,
    );
    if (CONNECTABLE[a.platform] && text !== 'connected')
      row.append(
        connectButton(text === 'needs reconnect' ? 'Reconnect' : 'Connect', { account: a.id }, true),
      );
    return row;
  });
  const platform = Object.assign(document.createElement('select'), { id: 'connect-platform' });
  platform.append(...Object.entries(CONNECTABLE).map(([value, name]) => new Option(name, value)));
  const server = Object.assign(document.createElement('input'), {
    id: 'connect-server',
    placeholder: 'mastodon.social',
    size: 14,
    hidden: true,
  });
  platform.addEventListener('change', () => {
    server.hidden = platform.value !== 'mastodon';
  });
  const add = Object.assign(document.createElement('button'), {
    type: 'button',
    id: 'connect-new',
    textContent: 'Connect',
  });
  add.addEventListener('click', () =>
    connect({
      platform: platform.value,
      ...(platform.value === 'mastodon' ? { instance: server.value.trim() } : {}),
    }),
  );
  const close = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Close' });
  close.addEventListener('click', () => {
    panel.hidden = true;
  });
  const more = Object.assign(document.createElement('div'), { className: 'connect-new' });
  more.append(
    Object.assign(document.createElement('span'), { textContent: 'Connect an account:' }),
    platform,
    server,
    add,
  );
  panel.replaceChildren(
    Object.assign(document.createElement('h2'), { textContent: 'Accounts' }),
    ...rows,
    more,
    Object.assign(document.createElement('div'), { className: 'actions' }),
  );
  panel.lastChild.append(close);
  panel.hidden = false;
}

// ---- compose --------------------------------------------------------------------------------

function field(label, input, hint) {
  const wrap = document.createElement('label');
  wrap.className = 'field';
  wrap.append(Object.assign(document.createElement('span'), { textContent: label }), input);
  if (hint) wrap.append(hint);
  return wrap;
}

function localText(date) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: state.zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} tz:${state.zone}`;
}

async function openCompose(at) {
  await state.loaded;
  const dialog = $('compose');
  dialog.replaceChildren();
  const form = document.createElement('form');
  form.method = 'dialog';
  const caption = Object.assign(document.createElement('textarea'), {
    name: 'caption',
    rows: 4,
    required: true,
  });
  const tags = Object.assign(document.createElement('div'), { className: 'hashtags' });
  const own = Object.assign(document.createElement('textarea'), {
    name: 'captions',
    rows: 2,
    placeholder: 'One per line: @zoe: her own words #tag',
  });
  const media = Object.assign(document.createElement('textarea'), {
    name: 'media',
    rows: 2,
    placeholder: 'One https:// URL per line',
  });
  const cover = Object.assign(document.createElement('input'), {
    name: 'cover',
    placeholder: '3s · 0:03 · https://…/cover.jpg',
    title: 'What the video opens on: a moment of it, or a picture. A media URL here goes first.',
  });
  const coverChoices = Object.assign(document.createElement('datalist'), { id: 'cover-choices' });
  cover.setAttribute('list', coverChoices.id);
  const accounts = Object.assign(document.createElement('fieldset'), { className: 'accounts' });
  for (const a of state.accounts) {
    const box = Object.assign(document.createElement('input'), {
      type: 'checkbox',
      value: a.id,
      name: 'account',
    });
    const label = document.createElement('label');
    label.append(box, ` @${a.handle} (${a.platform})`);
    accounts.append(label);
  }
  const when = Object.assign(document.createElement('input'), {
    name: 'when',
    required: true,
    placeholder: 'tomorrow 9am · next slot · Dec 1 18:00',
  });
  const reads = Object.assign(document.createElement('small'), { className: 'reads' });
  const repeat = Object.assign(document.createElement('input'), {
    name: 'repeat',
    placeholder: 'every weekday · 10 times',
  });
  const campaign = Object.assign(document.createElement('select'), { name: 'campaign' });
  campaign.append(
    new Option('(workspace default)', ''),
    ...state.campaigns.map((c) => new Option(c.name, c.id)),
  );
  const keep = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'saveToLibrary' });
  const keepLabel = Object.assign(document.createElement('label'), { className: 'check' });
  keepLabel.append(keep, ' Save the media to the library (the autopilot may post them again)');
  const error = Object.assign(document.createElement('p'), { className: 'error', hidden: true });
  const submit = Object.assign(document.createElement('button'), {
    type: 'submit',
    textContent: 'Schedule',
    className: 'primary',
  });
  const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Cancel' });
  cancel.addEventListener('click', () => dialog.close());
  form.append(
    Object.assign(document.createElement('h2'), { textContent: 'New post' }),
    field('Caption', caption, tags),
    field('Own captions', own),
    field('Media URLs', media),
    field('Cover', cover, coverChoices),
    field('Accounts', accounts),
    field('When', when, reads),
    field('Repeat', repeat),
    field('Campaign', campaign),
    keepLabel,
    error,
    Object.assign(document.createElement('div'), { className: 'actions' }),
  );
  form.lastChild.append(submit, cancel);
  dialog.append(form);
  const chosen = () => [...accounts.querySelectorAll('input:checked')].map((b) => b.value);
  media.addEventListener('input', () => {
    const urls = media.value.split(/\s+/).filter(Boolean);
    coverChoices.replaceChildren(...urls.map((u) => new Option(u)));
  });
  let timer;
  const preview = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!when.value.trim()) {
        reads.textContent = '';
        return;
      }
      const q = new URLSearchParams({
        when: `${when.value} ${repeat.value}`.trim(),
        accounts: chosen().join(','),
      });
      try {
        reads.textContent = `Reads as: ${(await api('GET', `/v1/compose/preview?${q}`)).data.reads}`;
        reads.classList.remove('bad');
      } catch (e) {
        reads.textContent = e.message;
        reads.classList.add('bad');
      }
    }, 250);
  };
  when.addEventListener('input', preview);
  repeat.addEventListener('input', preview);
  accounts.addEventListener('change', async () => {
    preview();
    const first = chosen()[0];
    if (!first) return;
    const { data } = await api('GET', `/v1/compose/prefill?accounts=${first}`);
    if (!at && !when.value && data.when) {
      when.value = data.when;
      preview();
    }
    tags.replaceChildren(
      ...data.hashtags.map((t) => {
        const b = Object.assign(document.createElement('button'), {
          type: 'button',
          textContent: t,
          className: 'chip',
        });
        b.addEventListener('click', () => {
          caption.value = `${caption.value} ${t}`.trim();
        });
        return b;
      }),
    );
  });
  if (at) {
    when.value = localText(at);
    preview();
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const urls = media.value.split(/\s+/).filter(Boolean);
    const captions = {};
    for (const line of own.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      const m = /^(\S+)\s*:\s*(.+)$/.exec(line);
      if (m) captions[m[1]] = m[2];
    }
    const body = {
      accounts: chosen(),
      caption: caption.value,
      when: `${when.value} ${repeat.value}`.trim(),
      media: urls.map((url) => ({
        url,
        kind: /\.(mp4|mov|webm|m4v)(\?|$)/i.test(url) ? 'video' : 'image',
      })),
      ...(Object.keys(captions).length ? { captions } : {}),
      ...(cover.value.trim() ? { cover: cover.value.trim() } : {}),
      ...(campaign.value ? { campaignId: campaign.value } : {}),
      ...(keep.checked ? { saveToLibrary: true } : {}),
    };
    try {
      await api('POST', '/v1/posts', body);
      dialog.close();
      toast('Scheduled.', false);
      await refresh(true);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  dialog.showModal();
}

// ---- start ----------------------------------------------------------------------------------

// The day starts at 06:00, or earlier when a post or a slot in view does in the zone chosen
// (09:00 in Paris is 03:00 in New York), so nothing falls off the grid.
function fitDay(feed) {
  const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: state.zone });
  const starts = [...feed.tiles, ...feed.slots].map((t) => Number(hour.format(new Date(t.start))));
  const dayStart = `${String(Math.min(6, ...starts)).padStart(2, '0')}:00:00`;
  if (dayStart === state.dayStart) return;
  state.dayStart = dayStart;
  state.calendar.setOption('slotMinTime', dayStart);
}

async function refresh(force) {
  const view = state.calendar.view;
  const range = { from: view.activeStart.toISOString(), to: view.activeEnd.toISOString() };
  if (await loadFeed(range, force)) state.calendar.refetchEvents();
}

// A place on the calendar lives in the address (`#date=2026-12-09&view=month`), so a link or a
// reload opens the same week or month.
const VIEWS = { week: 'timeGridWeek', month: 'dayGridMonth' };

function placeOf(hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const date = /^\d{4}-\d{2}-\d{2}$/.test(q.get('date') ?? '') ? q.get('date') : undefined;
  return { date, view: VIEWS[q.get('view')] };
}

function followHash() {
  const place = placeOf(location.hash);
  if (place.view && place.view !== state.calendar.view.type) state.calendar.changeView(place.view);
  if (place.date) state.calendar.gotoDate(place.date);
}

function setUpZones() {
  const zone = $('zone');
  for (const z of new Set([meta('herald-zone'), state.zone, ...ZONES])) zone.append(new Option(z, z));
  zone.value = state.zone;
  zone.addEventListener('change', () => {
    state.zone = zone.value;
    localStorage.setItem('herald-zone', state.zone);
    state.calendar.setOption('timeZone', state.zone);
  });
}

async function feedEvents(info, success, failure) {
  try {
    await loadFeed({ from: info.start.toISOString(), to: info.end.toISOString() }, false);
    success(eventsOf(state.feed));
    fitDay(state.feed);
  } catch (error) {
    failure(error);
  }
}

function calendarOptions(place) {
  return {
    timeZone: state.zone,
    initialView: place.view ?? 'timeGridWeek',
    ...(place.date ? { initialDate: place.date } : {}),
    firstDay: 1,
    nowIndicator: true,
    height: 'auto',
    slotMinTime: state.dayStart,
    allDaySlot: false,
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'timeGridWeek,dayGridMonth' },
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    // A post is an instant: its tile (an hour long) never makes it a two-day event after 23:00.
    nextDayThreshold: '01:00',
    // The axis reads like the tiles (24-hour), and a day like "Mon, Dec 7" (12/7 is a different day in Europe).
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    views: { timeGridWeek: { dayHeaderFormat: { weekday: 'short', month: 'short', day: 'numeric' } } },
    eventDidMount: (info) => {
      const slot = info.event.extendedProps.slot;
      if (slot) info.el.title = `Free posting slot of @${slot.handle}: drop a post here, or click to compose`;
    },
    events: feedEvents,
    datesSet: (info) => {
      const view = info.view.type === VIEWS.month ? 'month' : 'week';
      const date = state.calendar?.formatIso(info.view.currentStart, true) ?? '';
      if (date) history.replaceState(null, '', `#date=${date}&view=${view}`);
    },
    eventContent: tileContent,
    eventDrop: onDrop,
    eventClick: (info) => {
      const tile = info.event.extendedProps.tile;
      if (!tile) return;
      if ($('select-mode').checked || info.jsEvent.shiftKey || info.jsEvent.metaKey || info.jsEvent.ctrlKey)
        toggleSelect(tile);
      else showPanel(tile);
    },
    dateClick: (info) => {
      if (!$('select-mode').checked) openCompose(info.date);
    },
  };
}

function start() {
  setUpZones();
  state.calendar = new FullCalendar.Calendar($('calendar'), calendarOptions(placeOf(location.hash)));
  state.calendar.render();
  window.addEventListener('hashchange', followHash);
  $('shift').addEventListener('click', shiftSelected);
  $('new-post').addEventListener('click', () => openCompose(null));
  $('accounts-button').addEventListener('click', () =>
    showAccounts().catch((error) => toast(`Could not load the accounts: ${error.message}`)),
  );
  // The compose form lists these: it waits for them, so a quick click never gets an empty form.
  state.loaded = Promise.all([api('GET', '/v1/accounts'), api('GET', '/v1/campaigns')])
    .then(([a, c]) => {
      state.accounts = a.data.items;
      state.campaigns = c.data.items;
    })
    .catch((error) => toast(`Could not load the accounts: ${error.message}`));
  setInterval(() => {
    refresh(false).catch(() => {});
  }, POLL_MS);
  state.loaded.then(() => {
    document.body.dataset.ready = 'true';
  });
}

document.addEventListener('DOMContentLoaded', start);
