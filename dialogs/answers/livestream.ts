import type { Activity, TurnContext } from 'botbuilder';

/** How often an interim update may be sent (the channel replaces each with the next). */
const MIN_INTERVAL_MS = 250;

/** Channels that show a message while it is being written: Direct Line (Web Chat) and Teams personal chats. */
export function supportsLivestream(context: TurnContext): boolean {
  const { activity } = context;
  // A batched reply (expectReplies) has nobody to stream to.
  if (activity.deliveryMode === 'expectReplies') return false;
  if (activity.channelId === 'directline' || activity.channelId === 'webchat') return true;
  return activity.channelId === 'msteams' && activity.conversation?.conversationType === 'personal';
}

/**
 * One livestreamed reply: interim typing activities with the text so far (Web Chat reads
 * channelData.stream*, Teams the streaminfo entity; the first activity's id names the stream),
 * then the final message. The final text replaces whatever was streamed — also when the checks
 * on the complete answer reject it and the bot falls back to its offline answer.
 */
export class Livestream {
  private streamId?: string;
  private sequence = 0;
  private lastSent = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly context: TurnContext) {}

  /** Sends the text so far (throttled; the last call before the end always goes out at the end). */
  update(text: string): Promise<void> {
    const now = Date.now();
    if (this.sequence > 0 && now - this.lastSent < MIN_INTERVAL_MS) return this.pending;
    this.lastSent = now;
    const sequence = ++this.sequence;
    const stream = { streamType: 'streaming', streamSequence: sequence, ...(this.streamId ? { streamId: this.streamId } : {}) };
    this.pending = this.pending.then(async () => {
      const sent = await this.context.sendActivity({ type: 'typing', text, channelData: stream, entities: [{ type: 'streaminfo', ...stream }] });
      this.streamId ??= sent?.id;
    });
    return this.pending;
  }

  /** Marks the final message as the end of the stream, if one was started. */
  async finish(reply: Partial<Activity>): Promise<void> {
    await this.pending;
    if (!this.streamId) return;
    reply.channelData = { ...(reply.channelData as object | undefined), streamType: 'final', streamId: this.streamId };
    reply.entities = [...(reply.entities ?? []), { type: 'streaminfo', streamType: 'final', streamId: this.streamId }];
  }
}
