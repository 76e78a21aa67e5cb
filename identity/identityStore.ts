import type { VerifiedClient } from '../dialogs/clientIdentity.js';

/**
 * A verified client bound to one channel user (and, where the channel hands out conversations,
 * to one conversation): written when the identity is proven (a portal assertion exchanged for a
 * Direct Line token, a one-time code entered), read on every activity of that user.
 */
export interface IdentityBinding {
  channelId: string;
  userId: string;
  /** The conversation the token was issued for; an activity of another conversation does not match. */
  conversationId?: string;
  client: VerifiedClient;
}

/** Kept in the shared store, so that every instance sees who a user is. */
export interface IdentityStore {
  /** Binds (or re-binds) a channel user to a verified client. */
  bind(binding: IdentityBinding): Promise<void>;
  find(channelId: string, userId: string): Promise<IdentityBinding | undefined>;
  /**
   * Records a single-use id (a portal assertion's `jti`) until `expiresAt`; false when it was
   * recorded before, i.e. the assertion is being replayed. Expired ids are forgotten.
   */
  useOnce(id: string, expiresAt: Date, now: Date): Promise<boolean>;
  /** Forgets every binding of a user (the privacy erasure). */
  forget(channelId: string, userId: string): Promise<void>;
}
