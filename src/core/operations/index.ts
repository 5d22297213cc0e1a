/**
 * What a person can do, once: every surface (REST routes, the chat router, card buttons, forms,
 * the web calendar) translates its input onto one of these and renders the reply it returns.
 */
export {
  acceptPick,
  autopilotOff,
  autopilotOn,
  autopilotRunOnce,
  autopilotStatus,
  swapPick,
} from './autopilot.js';
export { calendarFeed } from './calendar-feed.js';
export { calendarLink, openSession, sessionOf } from './calendar-login.js';
export { cancel, cancelAll } from './cancel.js';
export {
  type ComposeForm,
  composeDraft,
  composeFieldOf,
  composePreview,
  draftFormValues,
  mediaFromText,
  mediaOf,
  previewTime,
  splitOwnCaptions,
} from './compose.js';
export { type ComposePrefill, composePrefill } from './compose-prefill.js';
export { connectLink, disconnect } from './connections.js';
export type { OperationContext } from './context.js';
export { coverText, splitCover } from './cover.js';
export { approve, assertMayDecide, publishNowOp as publishNow, reject, retry } from './decide.js';
export { edit } from './edit.js';
export {
  libraryAdd,
  libraryExport,
  libraryImport,
  libraryList,
  libraryRequeue,
  libraryUpload,
  postsExport,
} from './library.js';
export { list, listPostsOp, stats } from './queries.js';
export { type Outcome, type Reply, replyText } from './reply.js';
export { reschedule } from './reschedule.js';
export {
  confirmSchedule,
  discardSchedule,
  draftSchedule,
  openSchedule,
  schedule,
} from './schedule.js';
export { shift } from './shift.js';
export { show } from './show.js';
export { skip } from './skip.js';
export { slots } from './slots.js';
export { timeFormTarget } from './time-form.js';
