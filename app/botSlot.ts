import type { TurnContext } from 'botbuilder';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { SupportBot } from '../bot/supportBot.js';

export interface ReadyBotParts {
  bot: SupportBot;
  knowledge: KnowledgeBase;
}

/**
 * The bot exists once the knowledge index is loaded, but the server listens before that (so
 * /healthz can say "starting"). Everything that needs the bot earlier holds this slot: routes
 * read `current` (null → 503), website turns and callbacks wait for `knowledge`.
 */
export class BotSlot {
  private parts: ReadyBotParts | null = null;
  readonly knowledge: Promise<KnowledgeBase>;
  private settle!: { resolve: (kb: KnowledgeBase) => void; reject: (error: unknown) => void };

  constructor() {
    this.knowledge = new Promise<KnowledgeBase>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // A failed start is reported by start(); nobody else must see an unhandled rejection.
    this.knowledge.catch(() => undefined);
  }

  get current(): ReadyBotParts | null {
    return this.parts;
  }

  fill(parts: ReadyBotParts): void {
    this.parts = parts;
    this.settle.resolve(parts.knowledge);
  }

  fail(error: unknown): void {
    this.settle.reject(error);
  }

  /** Runs a turn once the bot is there (website turns may arrive while the index loads). */
  async run(context: TurnContext): Promise<void> {
    await this.knowledge;
    await this.parts!.bot.run(context);
  }
}
