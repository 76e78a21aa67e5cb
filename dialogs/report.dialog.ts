import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { t } from '../locales/index.js';
import type { CaseKind } from './caseStore.js';
import { CancelAndHelpDialog } from './cancelAndHelp.dialog.js';
import { changeGroupOf, FormDialog, typedSummaryAction, type FormBeginOptions } from './forms/formDialog.js';
import { isQuestionInForm } from './questions.js';
import { languageRequest } from './commands.js';
import type { FieldDef } from './forms/formTypes.js';
import { HANDOFF_DIALOG, HandoffDialog, type HandoffDialogOptions } from './handoff.dialog.js';
import type { DialogServices } from './services.js';
import { setTurnLanguage, turnLanguage } from './turnLanguage.js';

const FORM = 'form';

/**
 * Base of both report flows: a ComponentDialog around one FormDialog, with the interruptions
 * every step allows — help, cancel (confirmed), back, a knowledge question answered in the
 * middle of the form, and a request for a person that keeps the partial form.
 */
export abstract class ReportDialog extends CancelAndHelpDialog {
  constructor(
    id: string,
    kind: CaseKind,
    fields: FieldDef[],
    protected readonly services: DialogServices,
  ) {
    super(id);
    this.addDialog(new FormDialog(FORM, kind, fields, services));
    this.addDialog(new HandoffDialog(services));
    this.initialDialogId = FORM;
  }

  private form(): FormDialog {
    return this.findDialog(FORM) as FormDialog;
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: FormBeginOptions): Promise<DialogTurnResult> {
    return innerDc.beginDialog(FORM, options);
  }

  protected async onHelp(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.form().help(innerDc.child ?? innerDc);
  }

  protected async onCancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.form().requestCancel(innerDc.child ?? innerDc);
  }

  protected async onBack(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.form().back(innerDc.child ?? innerDc);
  }

  protected override async onOtherInterruption(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    // While the handoff dialog runs on top of the form, it takes the messages itself.
    if (innerDc.activeDialog?.id !== FORM) return undefined;
    const formDc = innerDc.child ?? innerDc;
    const state = FormDialog.state(formDc);
    const text = typeof innerDc.context.activity.text === 'string' ? innerDc.context.activity.text.trim() : '';
    if (!text || state.phase === 'cancel') return undefined;
    // A detail named in the "change" list or a typed Confirm / Change is the form's, not a request to route.
    if ((state.phase === 'change' && changeGroupOf(text)) || (state.phase === 'summary' && typedSummaryAction(text, turnLanguage(innerDc.context), { yesNo: true }))) return undefined;
    const lang = turnLanguage(innerDc.context);
    const routing = await this.services.router.classify(text, lang);

    if (routing.intent === 'handoff') {
      const form = FormDialog.partialForm(formDc);
      if (this.services.handoff) {
        // The form stays on the stack below: after the conversation with the manager it resumes.
        return innerDc.beginDialog(HANDOFF_DIALOG, { reason: 'requested', policyNumber: form.values.policyNumber, form } satisfies HandoffDialogOptions);
      }
      await innerDc.context.sendActivity(t(lang, 'handoff.unavailable'));
      return this.form().reprompt(formDc);
    }

    // "Please continue in English": switch, and ask the current question again in that language.
    const requested = state.asked !== 'buyerCountry' ? languageRequest(text) : undefined;
    if (requested) {
      setTurnLanguage(innerDc.context, requested);
      await innerDc.context.sendActivity(t(requested, 'language.switched'));
      return this.form().reprompt(formDc);
    }

    // A clear question in the middle of the form (a question mark, or a question word opening a
    // sentence): answer it, then ask the current question again. (Shorter question-like answers
    // are tried as answers first: see FormDialog.)
    if (isQuestionInForm(text, state.asked, 'clear')) return this.form().answerQuestion(formDc, text);
    return undefined;
  }
}
