import type { TurnContext } from 'botbuilder';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';

/** What the API routes need once the knowledge index is loaded; null until then (503). */
export type ReadyBot = () => { bot: { run(context: TurnContext): Promise<void> }; knowledge: KnowledgeBase } | null;
