import { TurnContext, type Activity } from 'botbuilder';

/** The Bot Framework channel id of Microsoft Teams. */
export const TEAMS_CHANNEL_ID = 'msteams';

export type TeamsScope = 'personal' | 'groupChat' | 'channel';

export function isTeams(activity: Partial<Activity>): boolean {
  return activity.channelId === TEAMS_CHANNEL_ID;
}

/**
 * Where the activity happened. Teams names the scope in `conversation.conversationType`; a
 * missing value is a personal chat (older clients and the Emulator leave it out).
 */
export function teamsScope(activity: Partial<Activity>): TeamsScope {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/**
 * The Microsoft Entra tenant an activity belongs to. Teams puts it in `channelData.tenant.id` on
 * activities it sends, and in `conversation.tenantId`; a proactive turn (continueConversation)
 * only has the latter, copied from the stored conversation reference.
 */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' && fromChannelData ? fromChannelData : activity.conversation?.tenantId;
  return id ? id.toLowerCase() : undefined;
}

/** True when the activity @mentions the bot (a `mention` entity naming the recipient). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  if (!botId) return false;
  return TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === botId);
}

/**
 * Whether the bot should read this message. In a personal chat every message is for the bot. In
 * channels and group chats people talk to each other, so the bot answers only when @mentioned —
 * except for a card button (Action.Submit arrives as a message with `value` and no mention).
 */
export function isAddressedToBot(activity: Partial<Activity>): boolean {
  if (teamsScope(activity) === 'personal') return true;
  if (activity.value !== undefined && activity.value !== null) return true;
  return mentionsBot(activity);
}

/**
 * Removes the bot's @mention (`<at>Bot name</at>`) from the text, so "@Bot how do I report a
 * claim?" is understood as the question alone. Changes `activity.text` in place.
 */
export function stripBotMention(activity: Partial<Activity>): void {
  if (typeof activity.text !== 'string' || !activity.recipient?.id || !mentionsBot(activity)) return;
  TurnContext.removeRecipientMention(activity);
  activity.text = activity.text.trim();
}
