import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { FormResult } from '../dialogs/forms/formDialog.js';
import { MAIN_DIALOG, MainDialog } from '../dialogs/main.dialog.js';
import type { DialogServices } from '../dialogs/services.js';
import { setTurnLanguage } from '../dialogs/turnLanguage.js';
import { foldDiacritics } from '../knowledge/text/fold.js';
import { detectLanguage, langFromLocale, type Lang } from '../knowledge/text/language.js';
import { t } from '../locales/index.js';

export interface ConversationProfile {
  lang?: Lang;
  /** Policy numbers the client gave and we found, most recent last. */
  policies?: string[];
}

export interface SupportBotDeps {
  conversationState: ConversationState;
  services: DialogServices;
  logger: Logger;
  maxMessageChars: number;
}

const HELP_COMMANDS = new Set(['help', 'napoveda', 'pomoc', '?', 'menu']);

/**
 * The bot's turn logic for every channel: welcome, help, and every message through the main
 * dialog — cited answers, report forms, case status — in the client's language.
 */
export class SupportBot extends ActivityHandler {
  private readonly profile: StatePropertyAccessor<ConversationProfile>;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: SupportBotDeps) {
    super();
    this.profile = deps.conversationState.createProperty<ConversationProfile>('profile');
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new MainDialog(deps.services));

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (newcomers.length > 0) await this.welcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  /** Runs the turn and saves conversation state, as the Bot Framework samples do. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const lang = langFromLocale(context.activity.locale);
    if (lang) {
      await context.sendActivity(t(lang, 'welcome'));
    } else {
      // Language unknown: greet in both, Czech first (most clients write Czech).
      await context.sendActivity(`${t('cs', 'welcome')}\n\n${t('en', 'welcome')}`);
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const profile = await this.profile.get(context, {});
    const hint = profile.lang ?? langFromLocale(context.activity.locale);
    const activity = context.activity;
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const hasPayload = activity.value !== undefined || (activity.attachments?.length ?? 0) > 0;

    if (!text && !hasPayload) {
      await context.sendActivity(t(hint ?? 'cs', 'emptyMessage'));
      return;
    }
    const lang = text ? detectLanguage(text.slice(0, 500), hint) : (hint ?? 'cs');
    if (text.length > this.deps.maxMessageChars) {
      await context.sendActivity(t(lang, 'messageTooLong', { length: text.length, limit: this.deps.maxMessageChars }));
      return;
    }
    profile.lang = lang;
    setTurnLanguage(context, lang);

    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog && HELP_COMMANDS.has(foldDiacritics(text).replace(/[!.]+$/, ''))) {
      await context.sendActivity(t(lang, 'help'));
      return;
    }

    let result: DialogTurnResult;
    try {
      result = await dc.continueDialog();
    } catch (error) {
      if (!isMissingDialog(error)) throw error;
      // State saved by an older version names a dialog this version does not have.
      this.deps.logger.warn({ err: error }, 'stored dialog no longer exists: resetting the conversation dialog');
      dc.stack.length = 0;
      await this.dialogState.delete(context);
      await context.sendActivity(t(lang, 'dialog.reset'));
      return;
    }
    if (result.status === DialogTurnStatus.empty) {
      result = await dc.beginDialog(MAIN_DIALOG, { policies: profile.policies ?? [] });
    }
    if (result.status === DialogTurnStatus.complete) this.remember(profile, result.result as FormResult | undefined);
  }

  private remember(profile: ConversationProfile, result: FormResult | undefined): void {
    if (!result?.policyNumber) return;
    profile.policies = [...(profile.policies ?? []).filter((p) => p !== result.policyNumber), result.policyNumber];
  }
}

function isMissingDialog(error: unknown): boolean {
  return error instanceof Error && /dialog with an id of .* wasn't found|Can't (continue|resume) dialog/i.test(error.message);
}
