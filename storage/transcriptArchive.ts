import type { Activity, TranscriptStore } from 'botbuilder';

/** botbuilder's TranscriptStore plus what handoffs, retention and privacy requests need. */
export interface TranscriptArchive extends TranscriptStore {
  recentMessages(channelId: string, conversationId: string, limit?: number): Promise<Activity[]>;
  prune(before: Date): Promise<number>;
  eraseUser(userId: string): Promise<number>;
}

type Party = Activity['from'];
const party = (p: Party | undefined): Party | undefined => (p ? ({ id: p.id, ...(p.name ? { name: p.name } : {}), ...(p.role ? { role: p.role } : {}) } as Party) : undefined);

/**
 * What a transcript row keeps of an activity: what is read back — who said what and when, for
 * the manager's handoff transcript and the agent hub — and not the rest. An answer's citation
 * entities repeat whole passages, cards carry their full JSON and channelData the channel's
 * internals: several kB per reply written on every turn and never read (#20). Attachments keep
 * their name and type (the handoff transcript names them), not their content.
 */
export function transcriptRecord(activity: Partial<Activity>): Partial<Activity> {
  const record: Partial<Activity> = { type: activity.type };
  if (activity.id) record.id = activity.id;
  if (activity.timestamp) record.timestamp = activity.timestamp;
  if (activity.channelId) record.channelId = activity.channelId;
  if (activity.conversation?.id) record.conversation = { id: activity.conversation.id } as Activity['conversation'];
  const from = party(activity.from);
  if (from) record.from = from;
  const recipient = party(activity.recipient);
  if (recipient) record.recipient = recipient;
  if (activity.locale) record.locale = activity.locale;
  if (activity.replyToId) record.replyToId = activity.replyToId;
  if (typeof activity.text === 'string' && activity.text) record.text = activity.text;
  if (activity.name) record.name = activity.name;
  if (activity.attachments?.length) record.attachments = activity.attachments.map((a) => ({ contentType: a.contentType, ...(a.name ? { name: a.name } : {}) }));
  return record;
}
