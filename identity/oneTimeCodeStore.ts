/**
 * One-time codes in the shared store, so that a code sent by one instance can be entered on
 * another. Only a hash of the code is kept.
 */
export interface OneTimeCode {
  id: string;
  /** The policy number as typed, normalised (letters and digits): rate limits count per policy. */
  policyKey: string;
  channelId: string;
  userId: string;
  /** The client address (local website chat) or the channel user, for the per-client limit. */
  requester: string;
  /** Absent for a policy the directory does not know: such a code can never be entered right. */
  clientId?: string;
  codeHash: string;
  createdAt: Date;
  expiresAt: Date;
  attempts: number;
}

export interface OneTimeCodeStore {
  create(code: OneTimeCode): Promise<void>;
  /** Codes requested since `since` for this policy and by this requester (the rate limits). */
  countSince(since: Date, by: { policyKey: string; requester: string }): Promise<{ policy: number; requester: number }>;
  /** The user's newest code that is not used and not expired. */
  latestOpen(channelId: string, userId: string, now: Date): Promise<OneTimeCode | undefined>;
  /** Counts one wrong entry; returns the attempts made so far. */
  addAttempt(id: string): Promise<number>;
  /** Uses the code up; false when it was already used (two instances, one code). */
  markUsed(id: string, now: Date): Promise<boolean>;
  /** Forgets codes that expired before `before`. */
  prune(before: Date): Promise<void>;
}
