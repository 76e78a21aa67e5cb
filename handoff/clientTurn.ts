import { ActionTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { isCommand } from '../dialogs/commands.js';
import { t } from '../locales/index.js';
import type { Lang } from '../locales/lang.js';
import type { HandoffService } from './handoffService.js';
import type { HandoffTicket } from './types.js';

/** A 1–5 rating typed as a digit, "4/5", or stars. */
export function parseRating(text: string): number | undefined {
  const stars = (text.match(/[⭐★]/gu) ?? []).length;
  if (stars >= 1 && stars <= 5) return stars;
  const digit = /^([1-5])(?:\s*\/\s*5)?[.!]?$/.exec(text.trim());
  return digit ? Number(digit[1]) : undefined;
}

/**
 * The client's side of a handoff, turn by turn: during it, messages are queued for the manager
 * and the bot stays silent, except for "end" / "konec"; right after it, the bot asks for a
 * rating and a comment. `resumeForm` asks a report form interrupted by the handoff again.
 */
export class HandoffClientTurn {
  constructor(
    private readonly handoff: HandoffService,
    private readonly resumeForm: (context: TurnContext, lang: Lang) => Promise<void>,
  ) {}

  /** Returns true when the turn was handled here. */
  async handle(context: TurnContext, text: string, lang: Lang): Promise<boolean> {
    const conversationId = context.activity.conversation.id;
    const open = await this.handoff.openFor(conversationId);
    if (open && (open.status === 'waiting' || open.status === 'connected')) {
      if (isCommand('handoff', 'end', text)) await this.handoff.endByClient(context, open);
      else {
        const queued = await this.handoff.clientMessage(open, context.activity);
        // Nobody has joined yet: the client is told the message is passed on (once connected, silence).
        if (queued && open.status === 'waiting') await context.sendActivity(this.handoff.passedOnActivity(open));
      }
      return true;
    }
    const pending = await this.handoff.pendingFeedback(conversationId);
    return pending ? this.feedback(context, pending, text, lang) : false;
  }

  private async feedback(context: TurnContext, ticket: HandoffTicket, text: string, lang: Lang): Promise<boolean> {
    if (ticket.feedback?.rating === undefined) {
      const rating = parseRating(text);
      if (rating === undefined) {
        // The client moved on without rating: do not trap them in the survey.
        await this.handoff.saveFeedback(ticket, { done: true });
        return false;
      }
      await this.handoff.saveFeedback(ticket, { rating, done: false });
      const skip = t(lang, 'common.skip');
      await context.sendActivity(MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: skip, value: skip }], t(lang, 'handoff.feedbackComment')));
      return true;
    }
    const skipped = isCommand('survey', 'skip', text);
    await this.handoff.saveFeedback(ticket, { ...(skipped ? {} : { comment: text.slice(0, 2000) }), done: true });
    await context.sendActivity(t(lang, 'handoff.feedbackThanks'));
    // A report interrupted by the handoff continues where it stopped.
    await this.resumeForm(context, lang);
    return true;
  }
}
