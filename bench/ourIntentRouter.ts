import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { TextAnalyzer } from '../knowledge/text/analyzer.js';
import { loadLexicon } from '../knowledge/text/lexicon.js';
import { projectRoot } from './evalQueries.js';
import type { IntentClassifier, Lang } from './intents.js';

export const INTENT_ROUTER_FILE = path.join(projectRoot, 'dialogs', 'intentRouter.ts');
export const INTENT_EXAMPLES_FILE = path.join(projectRoot, 'dialogs', 'data', 'intent-examples.json');

/** The part of dialogs/intentRouter.ts the benchmark relies on. */
interface IntentRouterModule {
  IntentRouter?: new (embeddings: HashedEmbeddings) => { route(text: string, lang: Lang): { intent: string } | Promise<{ intent: string }> };
}

/**
 * The product's intent router as a plain classifier, built as app/app.ts builds it (over the
 * knowledge base's embeddings). Imported by path at run time, so the benchmark still runs —
 * without this table — in a tree where the router does not exist yet. Returns the reason when
 * it is not available.
 */
export async function loadOurIntentRouter(): Promise<IntentClassifier | { unavailable: string }> {
  if (!fs.existsSync(INTENT_ROUTER_FILE) || !fs.existsSync(INTENT_EXAMPLES_FILE)) return { unavailable: 'intent router not available yet' };
  const mod = (await import(pathToFileURL(INTENT_ROUTER_FILE).href)) as IntentRouterModule;
  if (typeof mod.IntentRouter !== 'function') return { unavailable: 'intent router not available yet (dialogs/intentRouter.ts exports no IntentRouter)' };
  const router = new mod.IntentRouter(new HashedEmbeddings({ analyzer: new TextAnalyzer(loadLexicon()) }));
  return async (text, lang) => (await router.route(text, lang)).intent;
}
