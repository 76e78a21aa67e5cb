import type { TurnContext } from 'botbuilder';

/**
 * Who the bot is talking to, as far as it can prove.
 * - `anonymous`: nothing known.
 * - `claimed`: typed a policy number that exists. Enough to file a report (the insurer checks
 *   it), never enough to learn anything about the policy's owner: a number can be guessed or
 *   read off an invoice.
 * - `verified`: the client was proven by the portal's sign-in, a mapped Teams account or a
 *   one-time code sent to the contact registered for the policy. Only this (or being the very
 *   identity that filed a case) unlocks client data: cases, the manager's name, pre-filled data.
 */
export type IdentityLevel = 'anonymous' | 'claimed' | 'verified';

export type VerificationMethod = 'portal' | 'teams' | 'email_code';

/** A proven client: which directory client, who in it, how and until when. */
export interface VerifiedClient {
  clientId: string;
  contact: { name?: string; email?: string };
  method: VerificationMethod;
  /** ISO times. */
  verifiedAt: string;
  expiresAt: string;
}

/** Where the bot's middleware leaves the turn's verified client for the dialogs. */
const VERIFIED_CLIENT = Symbol.for('support-bot.verifiedClient');

export function setVerifiedClient(context: TurnContext, client: VerifiedClient | undefined): void {
  context.turnState.set(VERIFIED_CLIENT, client);
}

/** The turn's verified client, if any (set by bot/middleware/clientIdentity.ts before the dialogs run). */
export function verifiedClientOf(context: TurnContext): VerifiedClient | undefined {
  return context.turnState.get(VERIFIED_CLIENT) as VerifiedClient | undefined;
}

/** The level for a turn: verified beats a typed policy number. */
export function identityLevel(context: TurnContext, claimedPolicy: string | undefined): IdentityLevel {
  if (verifiedClientOf(context)) return 'verified';
  return claimedPolicy ? 'claimed' : 'anonymous';
}

/** Where a channel that knows the client's network address leaves it for the turn (the local website chat). */
const CLIENT_ADDRESS = Symbol.for('support-bot.clientAddress');

export function setClientAddress(context: TurnContext, address: string): void {
  context.turnState.set(CLIENT_ADDRESS, address);
}

/** The client's address, for per-client limits; undefined where the channel does not say. */
export function clientAddressOf(context: TurnContext): string | undefined {
  return context.turnState.get(CLIENT_ADDRESS) as string | undefined;
}

export function isExpired(client: VerifiedClient, now: Date): boolean {
  return Date.parse(client.expiresAt) <= now.getTime();
}
