import type { TurnContext } from 'botbuilder';
import type { KnowledgeAnswer } from '../knowledge/answering/answerer.js';
import type { Lang } from '../knowledge/text/language.js';
import type { CaseStore } from './caseStore.js';
import type { IntentRouter } from './intentRouter.js';
import type { PolicyDirectory } from './policyDirectory.js';
import type { PartialReport } from './reportSchemas.js';

/** Time comes from here, never from `new Date()` inside a dialog, so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Answers a knowledge question into the conversation (with its citations) and returns what it said. */
export interface KnowledgeResponder {
  reply(context: TurnContext, question: string, lang: Lang): Promise<KnowledgeAnswer>;
}

/** Turns one free-text message into whatever report fields it contains. */
export type ReportExtractor = (text: string, options: { today: string; lang: Lang }) => Promise<PartialReport>;

/** Starts a handoff to the client's manager, carrying the partial form; returns true when taken over. */
export interface HandoffStarter {
  start(context: TurnContext, request: { lang: Lang; policyNumber?: string; reason: string; form?: unknown }): Promise<void>;
}

/** Everything the dialogs need from the rest of the bot, wired in the composition root. */
export interface DialogServices {
  clock: Clock;
  directory: PolicyDirectory;
  cases: CaseStore;
  router: IntentRouter;
  knowledge: KnowledgeResponder;
  extract: ReportExtractor;
  handoff?: HandoffStarter;
  /** Time zone in which dates such as due dates and deadlines are understood. */
  timeZone: string;
}
