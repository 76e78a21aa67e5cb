import { ActivityHandler, ActivityTypes, MessageFactory, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { KnowledgeAnswerer } from '../knowledge/answering/answerer.js';
import { detectLanguage, langFromLocale, type Lang } from '../knowledge/text/language.js';
import { foldDiacritics } from '../knowledge/text/fold.js';
import { t } from '../locales/index.js';
import { citationEntity } from './citations.js';

export interface ConversationProfile {
  lang?: Lang;
}

export interface SupportBotDeps {
  answerer: KnowledgeAnswerer;
  conversationState: ConversationState;
  logger: Logger;
  maxMessageChars: number;
}

const HELP_COMMANDS = new Set(['help', 'napoveda', 'pomoc', '?', 'menu']);

/**
 * The bot's turn logic for every channel: welcome, help, and cited answers from the knowledge
 * base in the client's language.
 */
export class SupportBot extends ActivityHandler {
  private readonly profile: StatePropertyAccessor<ConversationProfile>;

  constructor(private readonly deps: SupportBotDeps) {
    super();
    this.profile = deps.conversationState.createProperty<ConversationProfile>('profile');

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
    const raw = typeof context.activity.text === 'string' ? context.activity.text : '';
    const text = raw.trim();

    if (!text) {
      const lang = hint ?? 'cs';
      const hasAttachments = (context.activity.attachments?.length ?? 0) > 0 || context.activity.value !== undefined;
      await context.sendActivity(t(lang, hasAttachments ? 'unsupportedActivity' : 'emptyMessage'));
      return;
    }
    const lang = detectLanguage(text.slice(0, 500), hint);
    if (text.length > this.deps.maxMessageChars) {
      await context.sendActivity(t(lang, 'messageTooLong', { length: text.length, limit: this.deps.maxMessageChars }));
      return;
    }
    profile.lang = lang;

    if (HELP_COMMANDS.has(foldDiacritics(text).replace(/[!.]+$/, ''))) {
      await context.sendActivity(t(lang, 'help'));
      return;
    }

    // A typing indicator only helps where replies stream to the client, not in a batched HTTP reply.
    if (context.activity.deliveryMode !== 'expectReplies') await context.sendActivity({ type: ActivityTypes.Typing });
    const answer = await this.deps.answerer.answer(text, { lang });
    const reply = MessageFactory.text(answer.text);
    reply.locale = answer.language === 'cs' ? 'cs-CZ' : 'en-US';
    if (answer.citations.length > 0) reply.entities = [citationEntity(answer.citations)];
    await context.sendActivity(reply);
    this.deps.logger.info({ kind: answer.kind, lang: answer.language, sources: answer.citations.map((c) => c.source) }, 'question answered');
  }
}
