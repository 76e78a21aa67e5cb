import type { HandoffTicket } from './types.js';

/** The text key (in the Teams and the staff-page catalogues alike) saying how far the client is proven. */
export type IdentityTextKey = 'identityVerifiedPortal' | 'identityVerifiedTeams' | 'identityVerifiedEmailCode' | 'identityVerified' | 'identityClaimed' | 'identityAnonymous';

export function identityTextKey(ticket: HandoffTicket): IdentityTextKey {
  const identity = ticket.clientIdentity ?? 'claimed';
  if (identity === 'claimed') return 'identityClaimed';
  if (identity === 'anonymous') return 'identityAnonymous';
  switch (ticket.verification?.method) {
    case 'portal':
      return 'identityVerifiedPortal';
    case 'teams':
      return 'identityVerifiedTeams';
    case 'email_code':
      return 'identityVerifiedEmailCode';
    default:
      return 'identityVerified';
  }
}
