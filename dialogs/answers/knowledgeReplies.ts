import { ActionTypes, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { KnowledgeAnswer, QuestionAnswerer } from '../../knowledge/answering/answerer.js';
import type { QueryRewriter } from '../../knowledge/answering/followUp.js';
import type { Lang } from '../../locales/lang.js';
import { t } from '../../locales/index.js';
import type { AnswerFeedbackPort, KnowledgeResponder } from '../services.js';
import { citationEntity } from './citations.js';
import { Livestream, supportsLivestream } from './livestream.js';

const HISTORY = 3;

export interface KnowledgeRepliesDeps {
  answerer: QuestionAnswerer;
  logger: Logger;
  /** Follow-up questions are rewritten with the conversation's last questions. */
  rewriter?: QueryRewriter;
  /** Where the conversation's last questions are kept (conversation state). */
  history?: StatePropertyAccessor<string[]>;
  /** 👍/👎 on answers and the answer log for the staff dashboard (insights). */
  feedback?: AnswerFeedbackPort;
  /** Whether a person can be asked for (the handoff is on): an "I don't know" then offers the button. */
  offerPerson?: boolean;
}

/** Sends a knowledge answer as a chat message: the text with [n] markers and the citation entity. */
export class KnowledgeReplies implements KnowledgeResponder {
  constructor(private readonly deps: KnowledgeRepliesDeps) {}

  async reply(context: TurnContext, question: string, lang: Lang, options: { topic?: string } = {}): Promise<KnowledgeAnswer> {
    const previous = this.deps.history ? await this.deps.history.get(context, []) : [];
    let standalone = this.deps.rewriter ? await this.deps.rewriter.rewrite(question, previous, lang) : question;
    // Where the channel shows a message as it is written, an LLM answer is livestreamed.
    const live = supportsLivestream(context) ? new Livestream(context) : undefined;
    const ask = (text: string) => this.deps.answerer.answer(text, { lang, ...(live ? { onPartial: (partial: string) => live.update(partial) } : {}) });
    let answer = await ask(standalone);
    // "Jak dlouho bude trvat vyřízení?" in the middle of an overdue notice is about that notice:
    // asked again with the topic, it is answered, or honestly not known, but never out of scope.
    if (answer.kind === 'out_of_scope' && options.topic) {
      standalone = `${standalone} (${options.topic})`;
      answer = await ask(standalone);
    }
    const reply = MessageFactory.text(answer.text);
    reply.locale = answer.language === 'cs' ? 'cs-CZ' : 'en-US';
    if (answer.citations.length > 0) reply.entities = [citationEntity(answer.citations, { aiGenerated: answer.generated })];
    // The answer gets an id before it is sent: the 👍/👎 buttons carry it.
    const answerId = this.deps.feedback?.offer(context, reply, answer);
    // "I don't know" offers the person as a button, not as a phrase to type.
    if (answer.kind === 'dont_know' && this.deps.offerPerson) {
      const person = t(answer.language, 'handoff.button');
      reply.suggestedActions = { to: [], actions: [...(reply.suggestedActions?.actions ?? []), { type: ActionTypes.ImBack, title: person, value: person }] };
    }
    await live?.finish(reply);
    const sent = await context.sendActivity(reply);
    // Logged as the bot understood the question (a follow-up rewritten with the previous topic).
    if (answerId) await this.deps.feedback!.recorded(context, { answerId, question: standalone, answer, ...(sent?.id ? { activityId: sent.id } : {}) });
    if (this.deps.history) await this.deps.history.set(context, [...previous, standalone].slice(-HISTORY));
    const log = (context.turnState.get('logger') as Logger | undefined) ?? this.deps.logger;
    log.info({ kind: answer.kind, lang: answer.language, generated: !!answer.generated, rewritten: standalone !== question, sources: answer.citations.map((c) => c.source) }, 'question answered');
    return answer;
  }
}
