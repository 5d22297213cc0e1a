import type { ScheduleInput } from '../domain/schedule-input.js';
import type { Actor } from '../domain/types.js';

/**
 * A schedule command read back to its author before anything is stored as a post: chat shows
 * the interpretation with Confirm / Edit / Cancel, and only Confirm creates the post.
 */
export interface Draft {
  id: string;
  workspaceId: string;
  /** Who typed it: the only one who may confirm or edit it. */
  actor: Actor;
  input: ScheduleInput;
  /** The command as typed, so Edit can prefill the compose form. */
  text: string;
  createdAt: Date;
  /** After this the draft is refused: the user re-types, and sees a fresh interpretation. */
  expiresAt: Date;
}

/** Keeps drafts between the chat reply and the button press (which may come from another process). */
export interface DraftStore {
  /** Stores a new draft under its id. */
  save(draft: Draft): Promise<void>;
  /** The draft if it exists in this workspace (foreign or unknown ids give null). */
  get(workspaceId: string, id: string): Promise<Draft | null>;
}
