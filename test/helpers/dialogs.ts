import path from 'node:path';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createLogger } from '../../platform/logger.js';
import { KnowledgeReplies } from '../../dialogs/answers/knowledgeReplies.js';
import { SqliteCaseStore } from '../../storage/sqlite/sqliteCaseStore.js';
import { sqliteMigrations } from '../../storage/sqlite/migrations.js';
import { openSqlite } from '../../storage/sqlite/sqliteDatabase.js';
import { extractReportFields } from '../../dialogs/extraction/offlineExtractor.js';
import { IntentRouter } from '../../dialogs/intentRouter.js';
import { MainDialog } from '../../dialogs/main.dialog.js';
import { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import type { DialogServices, ReportExtractor } from '../../dialogs/services.js';
import { setTurnLanguage } from '../../dialogs/turnLanguage.js';
import { setVerifiedClient, type VerifiedClient } from '../../dialogs/clientIdentity.js';
import { HashedEmbeddings } from '../../knowledge/embeddings/hashedEmbeddings.js';
import type { Lang } from '../../locales/lang.js';
import { projectKnowledge } from './knowledge.js';

export const TODAY = '2026-11-25T10:00:00Z';

/** Real services on an in-memory database and the project's documents, with a fixed clock. */
export async function testServices(overrides: Partial<DialogServices> = {}): Promise<DialogServices & { cases: SqliteCaseStore }> {
  const kb = await projectKnowledge();
  const db = openSqlite(':memory:', sqliteMigrations);
  const extract: ReportExtractor = async (text, { today }) => extractReportFields(text, { today });
  return {
    clock: { now: () => new Date(TODAY) },
    directory: PolicyDirectory.fromFile(path.resolve('data/policy-directory.json')),
    cases: new SqliteCaseStore(db),
    router: new IntentRouter(new HashedEmbeddings({ analyzer: kb.analyzer })),
    knowledge: new KnowledgeReplies({ answerer: kb.answerer, logger: createLogger('silent') }),
    extract,
    timeZone: 'Europe/Prague',
    ...overrides,
  } as DialogServices & { cases: SqliteCaseStore };
}

/** Sets the turn language the way the bot does, fixed for a test. */
export function languageMiddleware(lang: Lang): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      setTurnLanguage(context, lang);
      await next();
    },
  };
}

export interface DialogHarness {
  client: DialogTestClient;
  /** Sends one message (or activity) and returns every reply of that turn. */
  say(input: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  texts(input: string | Partial<Activity>): Promise<string>;
}

/**
 * `verifiedAs`: the client id the conversation is verified as (as the identity middleware would
 * set it after a portal sign-in), with no contact details, so that only the policy is pre-filled.
 */
export function mainDialogHarness(services: DialogServices, lang: Lang, options: { channelId?: string; policies?: string[]; storage?: MemoryStorage; verifiedAs?: string } = {}): DialogHarness {
  const conversationState = new ConversationState(options.storage ?? new MemoryStorage());
  const middleware: Middleware[] = [languageMiddleware(lang)];
  if (options.verifiedAs) {
    const client: VerifiedClient = { clientId: options.verifiedAs, contact: {}, method: 'portal', verifiedAt: TODAY, expiresAt: '2100-01-01T00:00:00Z' };
    middleware.push({ onTurn: async (context, next) => (setVerifiedClient(context, client), next()) });
  }
  const client = new DialogTestClient(options.channelId ?? 'test', new MainDialog(services), { policies: options.policies ?? [] }, middleware, conversationState);
  const say = async (input: string | Partial<Activity>) => {
    const first = await client.sendActivity(input as Partial<Activity>);
    const replies: Partial<Activity>[] = first ? [first] : [];
    for (let next = client.getNextReply(); next; next = client.getNextReply()) replies.push(next);
    return replies;
  };
  return {
    client,
    say,
    async texts(input) {
      return (await say(input)).map((a) => a.text ?? '').join('\n');
    },
  };
}
