import type { Activity, ConversationReference } from 'botbuilder';
import { TurnContext } from 'botbuilder';
import type { Manager, PolicyDirectory } from '../../dialogs/policyDirectory.js';
import type { Lang } from '../../locales/lang.js';
import type { StaffMember } from '../../handoff/handoffService.js';
import { isTeams, teamsScope } from './teamsActivity.js';

/**
 * Recognises the customer-service managers among Teams users. The policy directory gives each
 * manager a `teamsUserId`; Teams identifies a sender by `from.id` (the "29:…" Teams user id,
 * different for every bot) and `from.aadObjectId` (their Microsoft Entra object id, stable), so
 * either may be listed there.
 */
export class TeamsStaffDirectory {
  constructor(private readonly directory: PolicyDirectory) {}

  /** The manager who sent this Teams activity, if any. */
  managerOf(activity: Partial<Activity>): Manager | undefined {
    if (!isTeams(activity)) return undefined;
    const ids = [activity.from?.aadObjectId, activity.from?.id].filter((id): id is string => !!id).map((id) => id.toLowerCase());
    if (ids.length === 0) return undefined;
    return this.directory.allManagers().find((m) => !!m.teamsUserId && ids.includes(m.teamsUserId.toLowerCase()));
  }

  /** The manager as the handoff service knows staff: id, name and their team. */
  staffMember(manager: Manager): StaffMember {
    return { id: manager.id, name: manager.name, teams: [manager.team] };
  }

  manager(id: string): Manager | undefined {
    return this.directory.manager(id);
  }

  /** Everyone who works a team's queue (a ticket routed to `team:<id>`). */
  teamMembers(teamId: string): Manager[] {
    return this.directory.allManagers().filter((m) => m.team === teamId);
  }
}

/**
 * The language the bot uses with a manager: the first of their languages in the directory. Not
 * their Teams locale, which is the UI language (often English for Czech speakers) and is
 * missing from proactive turns — cards and replies stay in one language.
 */
export function managerLanguage(manager: Manager): Lang {
  return manager.languages[0] ?? 'cs';
}

/**
 * The reference to store for a manager's personal chat: not a reply to anything (a proactive
 * message must not thread under an old activity), and with the tenant on the conversation,
 * where the tenant restriction looks for it in proactive turns.
 */
export function personalChatReference(activity: Partial<Activity>): Partial<ConversationReference> | undefined {
  if (!isTeams(activity) || teamsScope(activity) !== 'personal' || !activity.conversation?.id || !activity.serviceUrl) return undefined;
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  const tenantId = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation.tenantId;
  return { ...reference, conversation: { ...reference.conversation!, ...(tenantId ? { tenantId } : {}) } };
}
