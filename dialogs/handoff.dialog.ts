import { ActionTypes, MessageFactory } from 'botbuilder';
import { Dialog, TextPrompt, WaterfallDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Lang } from '../locales/lang.js';
import { t } from '../locales/index.js';
import { CancelAndHelpDialog } from './cancelAndHelp.dialog.js';
import { requesterOf, type DialogServices, type HandoffOutcome } from './services.js';
import { turnLanguage } from './turnLanguage.js';
import { parsePhone, parsePolicyNumber, parseYesNo } from './validation/index.js';
import { isCommand } from './commands.js';
import { verifiedClientOf } from './clientIdentity.js';

export const HANDOFF_DIALOG = 'handoff';
const STEPS = 'handoffSteps';
const POLICY_PROMPT = 'handoffPolicy';
const YES_NO_PROMPT = 'handoffYesNo';
const TEXT_PROMPT = 'handoffText';
const PHONE_PROMPT = 'handoffPhone';

export interface HandoffDialogOptions {
  reason: string;
  policyNumber?: string;
  form?: unknown;
  /** Skip to the callback offer for an existing ticket (the manager did not answer). */
  callbackFor?: string;
}

interface StepValues {
  options: HandoffDialogOptions;
  policyNumber?: string;
  ticketId?: string;
  preferredTime?: string;
  phone?: string;
}


/**
 * Reaching a person: identifies the policy (asks when unknown), hands the ticket to the
 * handoff service, and out of hours takes a callback request (time, phone, topic). A waterfall,
 * as in the Bot Framework samples, with the team's validators behind each prompt.
 */
export class HandoffDialog extends CancelAndHelpDialog {
  constructor(private readonly services: DialogServices) {
    super(HANDOFF_DIALOG);
    this.addDialog(new TextPrompt(POLICY_PROMPT, (p) => this.validatePolicy(p)));
    this.addDialog(new TextPrompt(YES_NO_PROMPT, async (p) => this.retryWith(p, parseYesNo(p.recognized.value ?? '').ok, 'reason.yesno.unclear')));
    this.addDialog(new TextPrompt(TEXT_PROMPT, async (p) => this.retryWith(p, !!p.recognized.value?.trim() && p.recognized.value.length <= 500, 'validation.freeText')));
    this.addDialog(new TextPrompt(PHONE_PROMPT, async (p) => this.retryWith(p, parsePhone(p.recognized.value ?? '').ok, 'reason.phone.format')));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (step) => this.askPolicy(step),
        (step) => this.handOver(step),
        (step) => this.askTime(step),
        (step) => this.askPhone(step),
        (step) => this.askTopic(step),
        (step) => this.recordCallback(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private lang(step: { context: DialogContext['context'] }): Lang {
    return turnLanguage(step.context);
  }

  private async retryWith(prompt: PromptValidatorContext<string>, ok: boolean, reason: 'reason.yesno.unclear' | 'validation.freeText' | 'reason.phone.format'): Promise<boolean> {
    if (!ok) await prompt.context.sendActivity(t(turnLanguage(prompt.context), reason));
    return ok;
  }

  private async validatePolicy(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value ?? '';
    if (isCommand('answer', 'unknown', text)) return true;
    const parsed = parsePolicyNumber(text);
    if (parsed.ok && this.services.policyLookups && !this.services.policyLookups.allow(requesterOf(prompt.context))) {
      // Over the lookup limit: no more lookups, but the way to a person stays open (as when unknown).
      await prompt.context.sendActivity(t(turnLanguage(prompt.context), 'policy.tooManyLookups'));
      return true;
    }
    if (parsed.ok && this.services.directory.findPolicy(parsed.value)) return true;
    // After two misses the client is not kept from a person by a number they cannot find.
    if (prompt.attemptCount >= 2) return true;
    await prompt.context.sendActivity(t(turnLanguage(prompt.context), 'policy.unknown', { value: text.trim().slice(0, 40) }));
    return false;
  }

  private async askPolicy(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? { reason: 'requested' }) as HandoffDialogOptions;
    (step.values as StepValues).options = options;
    if (options.callbackFor) {
      (step.values as StepValues).ticketId = options.callbackFor;
      return step.next({ offerOnly: true });
    }
    if (options.policyNumber) return step.next(options.policyNumber);
    // A verified client's policy is known: they are not asked for it.
    const verified = verifiedClientOf(step.context);
    const own = verified ? this.services.directory.policiesOf(verified.clientId)[0] : undefined;
    if (own) return step.next(own.policy.number);
    return step.prompt(POLICY_PROMPT, { prompt: t(this.lang(step), 'handoff.askPolicy') });
  }

  private async handOver(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as StepValues;
    const lang = this.lang(step);
    if (!values.ticketId) {
      const answer = String(step.result ?? '');
      const match = this.services.directory.findPolicy(answer);
      const outcome: HandoffOutcome = await this.services.handoff!.request(step.context, {
        lang,
        policyNumber: match?.policy.number,
        reason: values.options.reason,
        form: values.options.form,
        ...(verifiedClientOf(step.context) ? { verifiedClient: verifiedClientOf(step.context) } : {}),
      });
      if (outcome.kind !== 'callback_offer') return step.endDialog({ handoff: outcome.kind, policyNumber: match?.policy.number });
      values.ticketId = outcome.ticketId;
    }
    return step.prompt(YES_NO_PROMPT, { prompt: yesNo(lang, t(lang, 'handoff.callbackOffer')) });
  }

  private async askTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as StepValues;
    const lang = this.lang(step);
    const yes = parseYesNo(String(step.result ?? ''));
    if (!yes.ok || !yes.value) {
      await this.services.handoff!.declineCallback(values.ticketId!);
      await step.context.sendActivity(t(lang, 'handoff.callbackDeclined'));
      return step.endDialog();
    }
    return step.prompt(TEXT_PROMPT, { prompt: t(lang, 'handoff.callbackAskTime') });
  }

  private async askPhone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as StepValues).preferredTime = String(step.result).trim();
    return step.prompt(PHONE_PROMPT, { prompt: t(this.lang(step), 'handoff.callbackAskPhone') });
  }

  private async askTopic(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const phone = parsePhone(String(step.result));
    (step.values as StepValues).phone = phone.ok ? phone.value : String(step.result).trim();
    return step.prompt(TEXT_PROMPT, { prompt: t(this.lang(step), 'handoff.callbackAskTopic') });
  }

  private async recordCallback(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as StepValues;
    await this.services.handoff!.requestCallback(
      step.context,
      values.ticketId!,
      { preferredTime: values.preferredTime!, phone: values.phone!, topic: String(step.result).trim() },
      this.lang(step),
    );
    return step.endDialog({ handoff: 'callback' });
  }

  protected async onHelp(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(t(turnLanguage(innerDc.context), 'report.help.commands'));
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  protected async onCancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    const values = innerDc.child?.activeDialog?.state?.values as StepValues | undefined;
    if (values?.ticketId) await this.services.handoff!.declineCallback(values.ticketId);
    await innerDc.context.sendActivity(t(turnLanguage(innerDc.context), 'handoff.callbackDeclined'));
    return innerDc.cancelAllDialogs();
  }

  protected async onBack(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}

function yesNo(lang: Lang, text: string) {
  return MessageFactory.suggestedActions(
    [
      { type: ActionTypes.ImBack, title: t(lang, 'common.yes'), value: t(lang, 'common.yes') },
      { type: ActionTypes.ImBack, title: t(lang, 'common.no'), value: t(lang, 'common.no') },
    ],
    text,
  );
}
