import { ActionTypes, MessageFactory, TeamsActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type ConversationState, type InvokeResponse, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { FormResult } from '../dialogs/forms/formDialog.js';
import { MAIN_DIALOG, MainDialog, type MainDialogOptions, type MainTurnResult } from '../dialogs/main.dialog.js';
import type { DialogServices } from '../dialogs/services.js';
import { setTurnLanguage } from '../dialogs/turnLanguage.js';
import { isCommand } from '../dialogs/commands.js';
import { detectLanguage } from '../knowledge/text/language.js';
import { langFromLocale, type Lang } from '../locales/lang.js';
import { t } from '../locales/index.js';
import { HandoffClientTurn } from '../handoff/clientTurn.js';
import { displayName, genderOf, revealsStaff, serviceAsSubject } from '../handoff/clientMessages.js';
import type { HandoffService } from '../handoff/handoffService.js';
import type { PrivacyStore } from '../privacy/privacyStore.js';
import type { HandoffTicket } from '../handoff/types.js';
import type { AnswerFeedback } from '../insights/answerFeedback.js';
import { isVerifiedTeamsTurn, messageResponse, WEBSITE_CHANNEL_ID, type TeamsChannelHooks } from './channelHooks.js';

export interface ConversationProfile {
  lang?: Lang;
  /** Policy numbers the client gave and we found, most recent last. */
  policies?: string[];
  /** Knowledge questions in a row the bot could not answer. */
  unansweredInRow?: number;
  /** The reference of the case filed last in this conversation. */
  lastFiled?: string;
}

export interface SupportBotDeps {
  conversationState: ConversationState;
  services: DialogServices;
  logger: Logger;
  maxMessageChars: number;
  handoff?: HandoffService;
  /** Microsoft Teams: mentions, managers' relay and cards, installation (channels/teams). */
  teams?: TeamsChannelHooks;
  /** 👍/👎 on knowledge answers and the comment after 👎 (insights). */
  answerFeedback?: AnswerFeedback;
  /** Erases a user's data when their channel asks for it (deleteUserData activity). */
  privacy?: PrivacyStore;
  clock?: { now(): Date };
}


/**
 * The bot's turn logic for every channel: welcome, help, and every message through the main
 * dialog — cited answers, report forms, case status — in the client's language. A
 * TeamsActivityHandler, which behaves as the plain ActivityHandler outside Teams.
 */
export class SupportBot extends TeamsActivityHandler {
  private readonly profile: StatePropertyAccessor<ConversationProfile>;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;
  private readonly handoffTurn?: HandoffClientTurn;

  constructor(private readonly deps: SupportBotDeps) {
    super();
    this.profile = deps.conversationState.createProperty<ConversationProfile>('profile');
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new MainDialog(deps.services));
    if (deps.handoff) this.handoffTurn = new HandoffClientTurn(deps.handoff, (context, lang) => this.resumeForm(context, lang));

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added = context.activity.membersAdded ?? [];
      if (this.deps.teams && isVerifiedTeamsTurn(context)) {
        // In Teams people join teams and chats all the time: greet only on the bot's own installation.
        if (added.some((m) => m.id === botId) && (await this.deps.teams.onBotAdded(context))) await this.welcome(context);
      } else if (added.some((m) => m.id !== botId)) await this.welcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      // Teams first: channel messages not meant for the bot are ignored before any state is read.
      const step = this.deps.teams && isVerifiedTeamsTurn(context) ? await this.deps.teams.beforeMessage(context) : 'continue';
      if (step === 'continue') await this.handleMessage(context);
      await next();
    });

    this.onInstallationUpdate(async (context, next) => {
      if (this.deps.teams && isVerifiedTeamsTurn(context)) await this.deps.teams.onInstallationUpdate(context);
      await next();
    });

    // A channel's "delete this user's data" request (Bot Framework deleteUserData activity).
    this.onUnrecognizedActivityType(async (context, next) => {
      if (context.activity.type === 'deleteUserData' && this.deps.privacy && context.activity.from?.id) {
        const report = await this.deps.privacy.erase({ userId: context.activity.from.id }, `channel:${context.activity.channelId}`, this.deps.clock?.now() ?? new Date());
        // The turn's cached state must not be written back after the erasure.
        await this.deps.conversationState.delete(context);
        this.deps.logger.info({ channelId: context.activity.channelId, report }, 'user data deleted on the channel\'s request');
      }
      await next();
    });

    // Bot Framework handoff protocol: the agent hub reports the status of a transfer.
    this.onEvent(async (context, next) => {
      // Never from the website: whatever arrives on its Direct Line was posted by the client.
      if (context.activity.name === 'handoff.status' && this.deps.handoff && context.activity.channelId !== WEBSITE_CHANNEL_ID) await this.onHandoffStatus(context);
      await next();
    });
  }

  /**
   * An Action.Execute (Universal Actions; Teams sends an `adaptiveCard/action` invoke). A manager's
   * handoff button goes to the Teams relay; any other — a report summary's Confirm / Change /
   * Cancel — reaches the same form logic as an Action.Submit message, with the card data as the
   * activity's value. The answer is a short message shown under the card.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const staff = isVerifiedTeamsTurn(context) ? await this.deps.teams?.onCardAction(context, invokeValue.action?.verb, invokeValue.action?.data) : undefined;
    if (staff) return staff;
    context.activity.value = invokeValue.action?.data ?? {};
    const dialogs = await this.dialogs.createContext(context);
    const formWasOpen = dialogs.activeDialog !== undefined;
    await this.handleMessage(context);
    const profile = await this.profile.get(context, {});
    const lang = profile.lang ?? langFromLocale(context.activity.locale) ?? 'cs';
    // Confirm or Cancel ended the form: Teams replaces the summary card with one without buttons,
    // so the used card cannot be clicked again (Change keeps the form, and the card).
    const action = (invokeValue.action?.data as { action?: string } | undefined)?.action;
    const formEnded = formWasOpen && (await this.dialogs.createContext(context)).activeDialog === undefined;
    if (formEnded && (action === 'confirm' || action === 'cancel')) {
      const text = action === 'confirm' && profile.lastFiled ? t(lang, 'card.closedFiled', { reference: profile.lastFiled }) : t(lang, 'card.closedCancelled');
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: closedCard(text) };
    }
    return messageResponse(t(lang, 'card.done'));
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

  /** Teams' own 👍/👎 under an answer arrive as a `message/submitAction` invoke. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (this.deps.answerFeedback && (await this.deps.answerFeedback.handleTeamsInvoke(context))) return { status: 200, body: {} };
    return super.onInvokeActivity(context);
  }

  /** A 👍/👎 or the comment after 👎; a report form left open below is asked again afterwards. */
  private async handleAnswerFeedback(context: TurnContext, text: string, lang: Lang): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    const inDialog = dc.activeDialog !== undefined;
    if (!(await this.deps.answerFeedback!.handleMessage(context, text, lang, { inDialog }))) return false;
    if (inDialog) await this.resumeForm(context, lang);
    return true;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const profile = await this.profile.get(context, {});
    const hint = profile.lang ?? langFromLocale(context.activity.locale);
    const activity = context.activity;
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const hasPayload = activity.value !== undefined || (activity.attachments?.length ?? 0) > 0;

    // In the middle of a report, an empty or overlong message is a bad answer: say so and ask
    // the pending question again; outside one, it is a bad question.
    const inForm = async () => (await this.dialogs.createContext(context)).activeDialog !== undefined;
    if (!text && !hasPayload) {
      const lang = hint ?? 'cs';
      if (await inForm()) await this.repromptForm(context, lang, t(lang, 'emptyAnswer'));
      else await context.sendActivity(t(lang, 'emptyMessage'));
      return;
    }
    // In a form the message is an answer: a Czech name does not switch an English conversation.
    const lang = text ? detectLanguage(text.slice(0, 500), hint, { answer: await inForm() }) : (hint ?? 'cs');
    if (text.length > this.deps.maxMessageChars) {
      const params = { length: text.length, limit: this.deps.maxMessageChars };
      if (await inForm()) await this.repromptForm(context, lang, t(lang, 'answerTooLong', params));
      else await context.sendActivity(t(lang, 'messageTooLong', params));
      return;
    }
    profile.lang = lang;
    setTurnLanguage(context, lang);

    if (this.handoffTurn && (await this.handoffTurn.handle(context, text, lang))) return;
    if (this.deps.answerFeedback && (await this.handleAnswerFeedback(context, text, lang))) return;

    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog && isCommand('chat', 'help', text)) {
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
      result = await dc.beginDialog(MAIN_DIALOG, { policies: profile.policies ?? [], ...(profile.lastFiled ? { lastFiled: profile.lastFiled } : {}) } satisfies MainDialogOptions);
    }
    if (result.status === DialogTurnStatus.complete) await this.afterTurn(context, profile, lang, result.result as (FormResult & MainTurnResult) | undefined);
  }

  private async afterTurn(context: TurnContext, profile: ConversationProfile, lang: Lang, result: (FormResult & MainTurnResult) | undefined): Promise<void> {
    if (result?.policyNumber) profile.policies = [...(profile.policies ?? []).filter((p) => p !== result.policyNumber), result.policyNumber];
    if (result?.outcome === 'filed' && result.reference) profile.lastFiled = result.reference;
    if (!result?.answerKind) return;
    profile.unansweredInRow = result.answerKind === 'answer' ? 0 : (profile.unansweredInRow ?? 0) + 1;
    // Two unanswered questions in a row, or a clearly frustrated client: offer their manager.
    const offer = profile.unansweredInRow >= 2 ? 'handoff.offerAfterFailures' : result.frustrated ? 'handoff.offerFrustration' : undefined;
    if (offer && this.deps.handoff) {
      profile.unansweredInRow = 0;
      const button = t(lang, 'handoff.button');
      await context.sendActivity(MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: button, value: button }], t(lang, offer)));
    }
  }

  /** Says why the message was not taken, then asks the form's pending question again. */
  private async repromptForm(context: TurnContext, lang: Lang, why: string): Promise<void> {
    setTurnLanguage(context, lang);
    await context.sendActivity(why);
    await (await this.dialogs.createContext(context)).repromptDialog();
  }

  /** Asks the current question of a report form left open below an interruption, if there is one. */
  private async resumeForm(context: TurnContext, lang: Lang): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) return;
    await context.sendActivity(t(lang, 'report.backToForm'));
    await dc.repromptDialog();
  }

  private async onHandoffStatus(context: TurnContext): Promise<void> {
    const value = (context.activity.value ?? {}) as { state?: string; message?: string };
    const ticket = await this.deps.handoff!.protocolStatus(context.activity.conversation.id, String(value.state ?? ''), value.message);
    if (!ticket) return;
    setTurnLanguage(context, ticket.language);
    if (value.state === 'failed') {
      await context.sendActivity(t(ticket.language, 'handoff.protocolFailed'));
      await this.startCallbackOffer(context, ticket);
    } else if (value.state === 'completed') {
      await context.sendActivity(
        t(ticket.language, 'handoff.endedByManager', revealsStaff(ticket) ? { name: displayName(ticket, ticket.language, this.deps.services.directory), gender: genderOf(ticket, this.deps.services.directory) } : serviceAsSubject(ticket.language)),
      );
    }
    await this.deps.conversationState.saveChanges(context, false);
  }

  /**
   * Offers a callback in a conversation whose manager did not answer: starts the callback part of
   * the handoff dialog (used in a proactive turn by the handoff service's sweeper).
   */
  async startCallbackOffer(context: TurnContext, ticket: HandoffTicket): Promise<void> {
    setTurnLanguage(context, ticket.language);
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) {
      await dc.beginDialog(MAIN_DIALOG, { policies: ticket.policyNumber ? [ticket.policyNumber] : [], callbackFor: ticket.id } satisfies MainDialogOptions);
    } else {
      // A form is open below: do not disturb it; the client can ask for a person again.
      await context.sendActivity(t(ticket.language, 'handoff.offerAfterFailures'));
    }
    await this.deps.conversationState.saveChanges(context, false);
  }
}

function isMissingDialog(error: unknown): boolean {
  return error instanceof Error && /dialog with an id of \S* wasn't found|Can't (?:continue|resume) dialog/i.test(error.message);
}

/** What a used summary card becomes in Teams: its outcome, no buttons. */
function closedCard(text: string): Record<string, unknown> {
  return { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text, wrap: true }] };
}
