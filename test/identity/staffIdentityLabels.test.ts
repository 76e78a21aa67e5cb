import { describe, expect, it } from 'vitest';
import { handoffCard } from '../../channels/teams/handoffCard.js';
import type { HandoffTicket } from '../../handoff/types.js';
import { identityBadge } from '../../staff/pages/ticketFormat.js';

const ticket = (overrides: Partial<HandoffTicket>): HandoffTicket =>
  ({
    id: 'HO-1', status: 'waiting', conversationId: 'c', channelId: 'webchat', userId: 'u', language: 'cs', reason: 'requested',
    assignedTo: 'jana.novakova', team: 'cz-service', summary: 's', transcript: [], conversationReference: {},
    createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z', history: [], ...overrides,
  }) as HandoffTicket;

describe('how the staff are told who the client is', () => {
  it.each<[Partial<HandoffTicket>, RegExp, RegExp]>([
    [{ clientIdentity: 'verified', verification: { method: 'portal', verifiedAt: 'x' } }, /verified by the client portal sign-in/, /ověřena přihlášením do klientského portálu/],
    [{ clientIdentity: 'verified', verification: { method: 'teams', verifiedAt: 'x' } }, /the Teams account is mapped to this client/, /účet Teams je přiřazen tomuto klientovi/],
    [{ clientIdentity: 'verified', verification: { method: 'email_code', verifiedAt: 'x' } }, /one-time code sent to the registered e-mail/, /jednorázovým kódem zaslaným na registrovaný e-mail/],
    [{ clientIdentity: 'claimed' }, /not verified: the visitor typed this policy number/, /neověřena: číslo smlouvy zadal návštěvník/],
    [{ clientIdentity: 'anonymous' }, /not verified/, /neověřena/],
  ])('%o', (overrides, page, card) => {
    expect(String(identityBadge(ticket(overrides), 'en'))).toMatch(page);
    expect(JSON.stringify(handoffCard(ticket(overrides), { lang: 'cs', state: 'waiting', assignedName: 'Jana', timeZone: 'Europe/Prague' }).content)).toMatch(card);
  });
});
