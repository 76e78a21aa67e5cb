import { Dialog, TextPrompt, WaterfallDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { t } from '../locales/index.js';
import { CancelAndHelpDialog } from './cancelAndHelp.dialog.js';
import { describeCaseStatus } from './caseStatus.js';
import { setVerifiedClient, type VerifiedClient } from './clientIdentity.js';
import type { CodeCheckResult, DialogServices } from './services.js';
import { turnLanguage } from './turnLanguage.js';
import { parsePolicyNumber } from './validation/index.js';

export const VERIFY_DIALOG = 'verifyClient';
const STEPS = 'verifySteps';
const POLICY_PROMPT = 'verifyPolicy';
const CODE_PROMPT = 'verifyCode';

export interface VerifyDialogOptions {
  /** A policy number the client gave earlier in the conversation. */
  policyNumber?: string;
}

/** What the dialog ends with: the verified client, when the code was right. */
export interface VerifyDialogResult {
  verified?: VerifiedClient;
}

/**
 * Verifying an anonymous visitor by a one-time code: asks for the policy number (any well-formed
 * number is accepted — whether it exists is not revealed), has a code e-mailed to the contact
 * registered for it, and checks what the visitor types (wrong → attempts left, then locked).
 */
export class VerifyDialog extends CancelAndHelpDialog {
  constructor(private readonly services: DialogServices) {
    super(VERIFY_DIALOG);
    this.addDialog(new TextPrompt(POLICY_PROMPT, (p) => this.validatePolicy(p)));
    this.addDialog(new TextPrompt(CODE_PROMPT, (p) => this.validateCode(p)));
    this.addDialog(new WaterfallDialog(STEPS, [(step) => this.askPolicy(step), (step) => this.sendCode(step), (step) => this.finish(step)]));
    this.initialDialogId = STEPS;
  }

  private async askPolicy(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as VerifyDialogOptions;
    const lang = turnLanguage(step.context);
    await step.context.sendActivity(t(lang, 'verify.intro'));
    if (options.policyNumber) return step.next(options.policyNumber);
    return step.prompt(POLICY_PROMPT, { prompt: t(lang, 'verify.askPolicy') });
  }

  private async validatePolicy(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const parsed = parsePolicyNumber(prompt.recognized.value ?? '');
    if (parsed.ok) return true;
    await prompt.context.sendActivity(t(turnLanguage(prompt.context), 'reason.policy.format'));
    return false;
  }

  private async sendCode(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const lang = turnLanguage(step.context);
    const parsed = parsePolicyNumber(String(step.result ?? ''));
    const policy = parsed.ok ? parsed.value : String(step.result ?? '');
    const outcome = await this.services.verification!.requestCode(step.context, policy, lang);
    if (outcome !== 'sent') {
      await step.context.sendActivity(t(lang, outcome === 'rate_limited' ? 'verify.rateLimited' : 'verify.unavailable'));
      return step.endDialog({} satisfies VerifyDialogResult);
    }
    return step.prompt(CODE_PROMPT, { prompt: t(lang, 'verify.codeSent', { policy, minutes: this.services.verification!.codeMinutes }) });
  }

  /** The check happens here; the outcome is kept in the turn for the last step. */
  private async validateCode(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const lang = turnLanguage(prompt.context);
    // Only something that is a code is checked (and can use up an attempt): exactly six digits,
    // whatever is around them ("kód: 12 34 56"). A typo's length or a sentence costs nothing.
    const digits = (prompt.recognized.value ?? '').replace(/\D+/g, '');
    if (digits.length !== 6) {
      await prompt.context.sendActivity(t(lang, 'verify.notACode'));
      return false;
    }
    const result = await this.services.verification!.checkCode(prompt.context, digits);
    prompt.context.turnState.set(CHECK_RESULT, result);
    if (result.kind === 'wrong') {
      await prompt.context.sendActivity(t(lang, 'verify.wrongCode', { left: result.attemptsLeft }));
      return false;
    }
    return true;
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const lang = turnLanguage(step.context);
    const result = step.context.turnState.get(CHECK_RESULT) as CodeCheckResult | undefined;
    if (result?.kind !== 'verified') {
      await step.context.sendActivity(t(lang, result?.kind === 'locked' ? 'verify.locked' : 'verify.expired'));
      return step.endDialog({} satisfies VerifyDialogResult);
    }
    // Verified from this turn on (the middleware resolved the identity before the code was typed).
    setVerifiedClient(step.context, result.client);
    await step.context.sendActivity(t(lang, 'verify.done'));
    const activity = step.context.activity;
    await step.context.sendActivity(await describeCaseStatus('', lang, this.services.cases, { channelId: activity.channelId ?? '', userId: activity.from?.id ?? '', verifiedClientId: result.client.clientId }));
    return step.endDialog({ verified: result.client } satisfies VerifyDialogResult);
  }

  /** Help says what to type; no reprompt, which would read as if a new code had been sent. */
  protected async onHelp(innerDc: DialogContext): Promise<DialogTurnResult> {
    const lang = turnLanguage(innerDc.context);
    const askingPolicy = innerDc.child?.activeDialog?.id === POLICY_PROMPT;
    await innerDc.context.sendActivity(t(lang, askingPolicy ? 'verify.askPolicy' : 'verify.help'));
    return Dialog.EndOfTurn;
  }

  protected async onCancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(t(turnLanguage(innerDc.context), 'verify.cancelled'));
    return innerDc.cancelAllDialogs();
  }

  protected async onBack(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}

const CHECK_RESULT = Symbol.for('support-bot.verifyCheck');
