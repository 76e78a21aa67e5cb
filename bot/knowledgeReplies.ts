import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { KnowledgeAnswer, KnowledgeAnswerer } from '../knowledge/answering/answerer.js';
import type { Lang } from '../knowledge/text/language.js';
import type { KnowledgeResponder } from '../dialogs/services.js';
import { citationEntity } from './citations.js';

/** Sends a knowledge answer as a chat message: the text with [n] markers and the citation entity. */
export class KnowledgeReplies implements KnowledgeResponder {
  constructor(private readonly deps: { answerer: KnowledgeAnswerer; logger: Logger }) {}

  async reply(context: TurnContext, question: string, lang: Lang): Promise<KnowledgeAnswer> {
    const answer = await this.deps.answerer.answer(question, { lang });
    const reply = MessageFactory.text(answer.text);
    reply.locale = answer.language === 'cs' ? 'cs-CZ' : 'en-US';
    if (answer.citations.length > 0) reply.entities = [citationEntity(answer.citations)];
    await context.sendActivity(reply);
    const log = (context.turnState.get('logger') as Logger | undefined) ?? this.deps.logger;
    log.info({ kind: answer.kind, lang: answer.language, sources: answer.citations.map((c) => c.source) }, 'question answered');
    return answer;
  }
}
