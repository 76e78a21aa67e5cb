import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { VerifiedClient } from '../dialogs/clientIdentity.js';
import { normalizePolicyNumber, type PolicyDirectory } from '../dialogs/policyDirectory.js';
import { t } from '../locales/index.js';
import type { Lang } from '../locales/lang.js';
import { MailDeliveryError, type Mailer } from '../platform/mail/mailer.js';
import type { IdentityStore } from './identityStore.js';
import type { OneTimeCodeStore } from './oneTimeCodeStore.js';

/**
 * Codes: 6 digits, single use, 10 minutes, 5 attempts; at most 3 an hour per policy, and 10 an
 * hour per requester (an address: a whole office may sit behind one).
 */
export const CODE_RULES = { digits: 6, ttlMinutes: 10, maxAttempts: 5, perPolicyPerHour: 3, perRequesterPerHour: 10 } as const;

export type CodeRequestOutcome = 'sent' | 'rate_limited' | 'unavailable';
export type CodeCheckOutcome = { kind: 'verified'; client: VerifiedClient } | { kind: 'wrong'; attemptsLeft: number } | { kind: 'locked' } | { kind: 'none' };

export interface CodeRequest {
  policyNumber: string;
  channelId: string;
  userId: string;
  /** Who asks, for the per-requester limit: the client address where known, else the channel user. */
  requester: string;
  lang: Lang;
}

export interface CodeEntry {
  channelId: string;
  userId: string;
  conversationId: string;
  code: string;
}

export interface OneTimeCodesOptions {
  store: OneTimeCodeStore;
  identities: IdentityStore;
  directory: PolicyDirectory;
  /** Absent: no way to send e-mail, so no codes (the bot offers the manager). */
  mailer?: Mailer;
  now: () => Date;
  logger: Logger;
  verifiedForSeconds: number;
}

/**
 * Verification of an anonymous visitor by a one-time code e-mailed to the contact registered
 * for the policy in the directory — never to an address the visitor types.
 *
 * A policy the directory does not know gets exactly the same treatment: a code record is kept
 * (one that can never match), the limits count it, the answer is the same, and the e-mail goes
 * out after the answer in both cases, so neither wording nor timing says whether it exists.
 * Neither the code nor the address is ever logged.
 */
export class OneTimeCodes {
  constructor(private readonly o: OneTimeCodesOptions) {}

  get available(): boolean {
    return this.o.mailer !== undefined;
  }

  async request(request: CodeRequest): Promise<CodeRequestOutcome> {
    const mailer = this.o.mailer;
    if (!mailer) return 'unavailable';
    const now = this.o.now();
    const policyKey = normalizePolicyNumber(request.policyNumber);
    const counts = await this.o.store.countSince(new Date(now.getTime() - 3_600_000), { policyKey, requester: request.requester });
    if (counts.policy >= CODE_RULES.perPolicyPerHour || counts.requester >= CODE_RULES.perRequesterPerHour) return 'rate_limited';

    const id = randomUUID();
    const code = String(randomInt(0, 10 ** CODE_RULES.digits)).padStart(CODE_RULES.digits, '0');
    const match = this.o.directory.findPolicy(request.policyNumber);
    const contact = match?.client.contacts[0];
    await this.o.store.create({
      id,
      policyKey,
      channelId: request.channelId,
      userId: request.userId,
      requester: request.requester,
      ...(contact && match ? { clientId: match.client.id } : {}),
      codeHash: hashCode(id, code),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CODE_RULES.ttlMinutes * 60_000),
      attempts: 0,
    });
    if (contact && match) {
      const message = { to: contact.email, subject: t(request.lang, 'mail.code.subject'), text: t(request.lang, 'mail.code.body', { code, minutes: CODE_RULES.ttlMinutes, name: contact.name }) };
      // Not awaited: the visitor's answer must not take longer for a policy that exists.
      // Logged by kind only: a mail server's message may quote the recipient.
      void mailer.send(message).catch((error: unknown) => this.o.logger.error({ reason: error instanceof MailDeliveryError ? (error.code ?? 'unknown') : (error as Error).name }, 'one-time code e-mail failed'));
    }
    return 'sent';
  }

  async check(entry: CodeEntry): Promise<CodeCheckOutcome> {
    const now = this.o.now();
    const open = await this.o.store.latestOpen(entry.channelId, entry.userId, now);
    if (!open) return { kind: 'none' };
    if (open.attempts >= CODE_RULES.maxAttempts) return { kind: 'locked' };
    const typed = entry.code.replace(/\s+/g, '');
    const right = open.clientId !== undefined && /^\d+$/.test(typed) && safeEqual(hashCode(open.id, typed), open.codeHash);
    if (!right) {
      const attempts = await this.o.store.addAttempt(open.id);
      const attemptsLeft = CODE_RULES.maxAttempts - attempts;
      return attemptsLeft > 0 ? { kind: 'wrong', attemptsLeft } : { kind: 'locked' };
    }
    if (!(await this.o.store.markUsed(open.id, now))) return { kind: 'none' };
    const client = this.o.directory.client(open.clientId!);
    const contact = client?.contacts[0];
    if (!client || !contact) return { kind: 'none' };
    const verified: VerifiedClient = {
      clientId: client.id,
      contact: { name: contact.name, email: contact.email },
      method: 'email_code',
      verifiedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.o.verifiedForSeconds * 1000).toISOString(),
    };
    await this.o.identities.bind({ channelId: entry.channelId, userId: entry.userId, conversationId: entry.conversationId, client: verified });
    return { kind: 'verified', client: verified };
  }
}

/** The code is kept only as a hash, salted by its record id. */
function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
