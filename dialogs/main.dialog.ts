import { ActionTypes, MessageFactory } from 'botbuilder';
import { ComponentDialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { t } from '../locales/index.js';
import { describeCaseStatus } from './caseStatus.js';
import { verifiedClientOf } from './clientIdentity.js';
import { REFERENCE_PATTERN } from './caseStore.js';
import { VERIFY_DIALOG, VerifyDialog, type VerifyDialogOptions } from './verify.dialog.js';
import { ClaimDialog, CLAIM_DIALOG } from './claim.dialog.js';
import { HANDOFF_DIALOG, HandoffDialog, type HandoffDialogOptions } from './handoff.dialog.js';
import { OverdueInvoiceDialog, OVERDUE_DIALOG } from './overdueInvoice.dialog.js';
import { insurerToday, type DialogServices } from './services.js';
import { turnLanguage } from './turnLanguage.js';
import { typedSummaryAction } from './forms/formDialog.js';
import { carriesOverdueReport } from './reportMessage.js';

export const MAIN_DIALOG = 'main';

/** What the main dialog knows of the conversation so far (kept by the bot in conversation state). */
export interface MainDialogOptions {
  /** Policy numbers the client gave and we found, most recent last. */
  policies: string[];
  /** Offer a callback for this handoff ticket (its manager did not answer in time). */
  callbackFor?: string;
  /** The reference of the case this conversation filed last. */
  lastFiled?: string;
}

/** What a turn outside any form ended with; the bot keeps count of unanswered questions. */
export interface MainTurnResult {
  answerKind?: 'answer' | 'dont_know' | 'out_of_scope';
  frustrated?: boolean;
}

/**
 * The root dialog: routes a message that arrives outside any form — a report request starts
 * its dialog, a case reference gets its status, a request for a person starts a handoff, and
 * anything else is answered from the knowledge base (with an offer to start the matching
 * report when the question is about reporting).
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG);
    this.addDialog(new ClaimDialog(services));
    this.addDialog(new OverdueInvoiceDialog(services));
    this.addDialog(new HandoffDialog(services));
    this.addDialog(new VerifyDialog(services));
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: MainDialogOptions): Promise<DialogTurnResult> {
    const context = innerDc.context;
    const lang = turnLanguage(context);
    const policies = options?.policies ?? [];
    const activity = context.activity;
    if (options?.callbackFor && this.services.handoff) {
      return innerDc.beginDialog(HANDOFF_DIALOG, { reason: 'no_answer', callbackFor: options.callbackFor } satisfies HandoffDialogOptions);
    }

    // A button of a summary whose form has already ended (double click, stale card).
    // The same for a card form of a step (a group card) clicked after the report ended.
    const value = activity.value as { action?: string; group?: string; formId?: string } | undefined;
    if (value?.formId && (value.action || value.group)) {
      const filed = await this.services.cases.findByIdempotencyKey(`form:${value.formId}`);
      await context.sendActivity(filed ? t(lang, 'report.alreadyFiled', { reference: filed.reference }) : t(lang, 'report.formExpired'));
      return innerDc.endDialog();
    }

    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    // "Potvrdit" typed again after the report was filed (a second tap, a stale suggested action).
    if (options?.lastFiled && typedSummaryAction(text, lang)) {
      await context.sendActivity(t(lang, 'report.alreadyFiled', { reference: options.lastFiled }));
      return innerDc.endDialog();
    }
    const routing = await this.services.router.classify(text, lang);
    switch (routing.intent) {
      case 'report_claim':
      case 'report_overdue':
        return innerDc.beginDialog(routing.intent === 'report_claim' ? CLAIM_DIALOG : OVERDUE_DIALOG, {
          initialText: text,
          knownPolicy: policies[policies.length - 1],
        });
      case 'case_status': {
        const verified = verifiedClientOf(context);
        // "My cases" from someone not yet verified: verify them first (a code to the registered e-mail).
        if (!verified && !REFERENCE_PATTERN.test(text) && this.services.verification?.available) {
          return innerDc.beginDialog(VERIFY_DIALOG, { policyNumber: policies[policies.length - 1] } satisfies VerifyDialogOptions);
        }
        await context.sendActivity(
          await describeCaseStatus(text, lang, this.services.cases, { channelId: activity.channelId ?? '', userId: activity.from?.id ?? '', ...(verified ? { verifiedClientId: verified.clientId } : {}) }),
        );
        return innerDc.endDialog();
      }
      case 'handoff':
        if (this.services.handoff) return innerDc.beginDialog(HANDOFF_DIALOG, { reason: 'requested', policyNumber: policies[policies.length - 1] } satisfies HandoffDialogOptions);
        await context.sendActivity(t(lang, 'handoff.unavailable'));
        return innerDc.endDialog();
      default: {
        // A whole report in one message, without "I want to report": start the form with it.
        if (carriesOverdueReport(text, insurerToday(this.services))) {
          return innerDc.beginDialog(OVERDUE_DIALOG, { initialText: text, knownPolicy: policies[policies.length - 1] });
        }
        const answer = await this.services.knowledge.reply(context, text, lang);
        if (routing.suggest) {
          const start = t(lang, routing.suggest === 'report_claim' ? 'suggest.claim' : 'suggest.overdue');
          await context.sendActivity(MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: start, value: start }], t(lang, 'suggest.prompt')));
        }
        return innerDc.endDialog({ answerKind: answer.kind, frustrated: routing.frustrated } satisfies MainTurnResult);
      }
    }
  }
}
