/** A chat message by channel and id (Slack ts, Discord message id). */
export interface CardMessageRef {
  channel: string;
  messageId: string;
}

/** Where a card with Approve/Reject buttons on a post was posted. */
export interface CardRef extends CardMessageRef {
  workspaceId: string;
  postId: string;
}

/**
 * Remembers where approval cards were posted, so a decision made anywhere (a button, a command,
 * the API) can take the buttons off every card that still offers it.
 */
export interface CardRefStore {
  /** Called once a card is posted; remembering the same card again changes nothing. */
  remember(ref: CardRef, at: Date): Promise<void>;
  /** The cards posted for a post of this workspace, oldest first. */
  forPost(workspaceId: string, postId: string): Promise<CardRef[]>;
  /** Drops cards once closed, so a later decision on the post never rewrites them. */
  forget(refs: CardRef[]): Promise<void>;
}
