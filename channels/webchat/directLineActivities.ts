import type { Activity, ChannelAccount } from 'botbuilder';
import { z } from 'zod';
import { DirectLineHttpError } from './directLineErrors.js';
import { describeIssues } from '../../platform/http/errors.js';
import { WEBSITE_CHANNEL_ID } from '../../bot/channelHooks.js';

/** The channel id our local Direct Line gives its activities (Azure's Direct Line uses the same). */
export const DIRECT_LINE_CHANNEL_ID = WEBSITE_CHANNEL_ID;

/**
 * The fields a client may set on an activity it posts. Everything that identifies or routes
 * (id, from, recipient, conversation, channelId, serviceUrl, timestamp) is the server's to set.
 */
const CLIENT_FIELDS = [
  'type',
  'text',
  'textFormat',
  'locale',
  'attachments',
  'attachmentLayout',
  'value',
  'valueType',
  'name',
  'channelData',
  'entities',
  'replyToId',
  'speak',
  'inputHint',
  'localTimestamp',
  'localTimezone',
  'summary',
  'label',
] as const;

/** What Direct Line accepts from a client; the size is already bounded by the body parser. */
const postedActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().optional(),
    locale: z.string().max(20).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/).optional(),
    name: z.string().max(200).optional(),
    from: z.object({ name: z.string().max(100).optional() }).passthrough().optional(),
  })
  .passthrough();

export interface ClientActivityContext {
  conversationId: string;
  /** The user the token is bound to: whatever `from.id` the client sent is replaced by it. */
  userId: string;
}

/**
 * The activity a client posted, as it goes into the log: client fields only, the user taken
 * from the token (no spoofing), a display name kept if the client gave one.
 */
export function activityFromClient(body: unknown, context: ClientActivityContext): Partial<Activity> {
  const parsed = postedActivitySchema.safeParse(body);
  if (!parsed.success) {
    throw new DirectLineHttpError(400, 'BadArgument', `Not a valid activity: ${describeIssues(parsed.error)}`);
  }
  const posted = parsed.data as Record<string, unknown>;
  const activity: Record<string, unknown> = {};
  for (const field of CLIENT_FIELDS) {
    if (posted[field] !== undefined) activity[field] = posted[field];
  }
  const from: ChannelAccount = { id: context.userId, name: parsed.data.from?.name ?? '', role: 'user' };
  if (!from.name) delete (from as Partial<ChannelAccount>).name;
  return {
    ...activity,
    channelId: DIRECT_LINE_CHANNEL_ID,
    conversation: { id: context.conversationId } as Activity['conversation'],
    from,
  };
}

/**
 * A bot's activity as clients see it: routed to this conversation, marked as the bot's, without
 * the service URL (an internal address of the in-process connector).
 */
export function activityForClient(botActivity: Partial<Activity>, conversationId: string, bot: ChannelAccount): Partial<Activity> {
  const { serviceUrl: _serviceUrl, callerId: _callerId, deliveryMode: _deliveryMode, replyToId, ...rest } = botActivity;
  return {
    ...rest,
    // Web Chat holds a reply back (up to 5 s) until the activity it answers is in the transcript.
    // A proactive message (continueConversationAsync) "replies" to its continuation event, which
    // no client ever sees: keep replyToId only when it names one of this conversation's activities.
    ...(replyToId?.startsWith(`${conversationId}|`) ? { replyToId } : {}),
    channelId: DIRECT_LINE_CHANNEL_ID,
    conversation: { id: conversationId } as Activity['conversation'],
    from: { ...bot, ...(botActivity.from ?? {}), role: 'bot' },
  };
}

/** Typing indicators are delivered live but never kept in the history. */
export function isTransient(activity: Partial<Activity>): boolean {
  return activity.type === 'typing';
}
