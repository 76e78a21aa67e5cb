import type { TurnContext } from 'botbuilder';
import type { Response } from 'restify';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { sendError } from '../../platform/http/errors.js';

export interface ReadyParts {
  bot: { run(context: TurnContext): Promise<void> };
  knowledge: KnowledgeBase;
}

/** What the API routes need once the knowledge index is loaded; null until then (503). */
export type ReadyBot = () => ReadyParts | null;

/** The loaded bot, or null after answering 503 "starting" with a Retry-After. */
export function readyOr503(ready: ReadyBot, res: Response): ReadyParts | null {
  const parts = ready();
  if (!parts) {
    res.header('Retry-After', '5');
    sendError(res, 503, 'Starting', 'The bot is starting; try again shortly.');
  }
  return parts;
}
