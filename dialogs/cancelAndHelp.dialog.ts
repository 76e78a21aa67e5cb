import { ComponentDialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { commandOf, type Command } from './commands.js';

export type Interruption = Command<'form'>;

/** Recognises the interruption commands in either language ("nápověda", "zrušit", "back"…). */
export function interruptionOf(text: string | undefined): Interruption | undefined {
  return commandOf('form', text);
}

/**
 * The one place where interruptions are handled, as in the Bot Framework samples'
 * cancelAndHelpDialog: every form extends it. Subclasses say what help, cancel and back mean
 * for them, and may handle other interruptions (a question, a request for a person).
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const result = await this.interrupt(innerDc);
    return result ?? super.onContinueDialog(innerDc);
  }

  protected async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = innerDc.context.activity;
    if (activity.type !== 'message') return undefined;
    switch (interruptionOf(activity.text)) {
      case 'help':
        return this.onHelp(innerDc);
      case 'cancel':
        return this.onCancel(innerDc);
      case 'back':
        return this.onBack(innerDc);
      default:
        return this.onOtherInterruption(innerDc);
    }
  }

  protected abstract onHelp(innerDc: DialogContext): Promise<DialogTurnResult>;
  protected abstract onCancel(innerDc: DialogContext): Promise<DialogTurnResult>;
  protected abstract onBack(innerDc: DialogContext): Promise<DialogTurnResult>;

  /** A chance to handle anything else mid-dialog; undefined lets the current step take the message. */
  protected async onOtherInterruption(_innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    return undefined;
  }
}
