import type { TurnContext } from 'botbuilder';
import { requesterOf, type ClientVerificationPort, type CodeCheckResult } from '../dialogs/services.js';
import type { Lang } from '../locales/lang.js';
import { CODE_RULES, type OneTimeCodes } from './oneTimeCodes.js';

/** The dialogs' view of one-time codes: the turn says who asks, from where, in which conversation. */
export class EmailCodeVerification implements ClientVerificationPort {
  readonly codeMinutes = CODE_RULES.ttlMinutes;

  constructor(private readonly codes: OneTimeCodes) {}

  get available(): boolean {
    return this.codes.available;
  }

  requestCode(context: TurnContext, policyNumber: string, lang: Lang): Promise<'sent' | 'rate_limited' | 'unavailable'> {
    // Per client address where the channel gives one (the local website chat), else per channel user.
    return this.codes.request({ policyNumber, ...who(context), requester: requesterOf(context), lang });
  }

  checkCode(context: TurnContext, code: string): Promise<CodeCheckResult> {
    return this.codes.check({ ...who(context), conversationId: context.activity.conversation?.id ?? '', code });
  }
}

function who(context: TurnContext): { channelId: string; userId: string } {
  return { channelId: context.activity.channelId ?? '', userId: context.activity.from?.id ?? '' };
}
