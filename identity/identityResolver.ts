import type { Activity } from 'botbuilder';
import { isExpired, type VerifiedClient } from '../dialogs/clientIdentity.js';
import type { PolicyDirectory } from '../dialogs/policyDirectory.js';
import type { IdentityStore } from './identityStore.js';

export interface IdentityResolverOptions {
  directory: PolicyDirectory;
  identities: IdentityStore;
  now: () => Date;
  /** How long a Teams verification counts (it is re-derived on every turn anyway). */
  verifiedForSeconds: number;
}

/**
 * Who an activity comes from, as far as it is proven:
 * - Teams: the tenant and Entra object id of a JWT-validated activity, mapped to a client
 *   contact in the directory (`clients[].contacts[].teams`); unmapped = not verified.
 * - Any other channel: a binding written when the identity was proven (a portal assertion
 *   exchanged for this user's Direct Line token, a one-time code), for this very user and
 *   conversation, not yet expired. The activity's user and conversation ids come from the
 *   channel (the token), never from what the page puts into an activity.
 */
export class IdentityResolver {
  constructor(private readonly options: IdentityResolverOptions) {}

  async resolve(activity: Partial<Activity>, teamsTokenValidated: boolean): Promise<VerifiedClient | undefined> {
    if (activity.channelId === 'msteams') return teamsTokenValidated ? this.teamsContact(activity) : undefined;
    const userId = activity.from?.id;
    if (!activity.channelId || !userId) return undefined;
    const binding = await this.options.identities.find(activity.channelId, userId);
    if (!binding) return undefined;
    if (binding.conversationId !== undefined && binding.conversationId !== activity.conversation?.id) return undefined;
    return isExpired(binding.client, this.options.now()) ? undefined : binding.client;
  }

  private teamsContact(activity: Partial<Activity>): VerifiedClient | undefined {
    const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
    const tenantId = activity.conversation?.tenantId ?? (typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined);
    const aadObjectId = activity.from?.aadObjectId;
    if (!tenantId || !aadObjectId) return undefined;
    const mapped = this.options.directory.contactForTeams(tenantId, aadObjectId);
    if (!mapped) return undefined;
    const now = this.options.now();
    return {
      clientId: mapped.client.id,
      contact: { name: mapped.contact.name, email: mapped.contact.email },
      method: 'teams',
      verifiedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.options.verifiedForSeconds * 1000).toISOString(),
    };
  }
}
