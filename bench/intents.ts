import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NlpManager } from 'node-nlp';
import { readEvalSet, type EvalItem } from '../knowledge/evaluation/evalSet.js';
import { documentsDir, EVAL_SETS } from './evalQueries.js';
import { mean, ratio } from './stats.js';

/**
 * Intent routing accuracy per language: our router against NLP.js (node-nlp's NlpManager, a
 * neural classifier over bag-of-words features — the usual open-source peer), both given the same
 * training examples and judged on the same evaluation items.
 */

export type Lang = 'cs' | 'en';
export type IntentClassifier = (text: string, lang: Lang) => Promise<string>;

export interface IntentExample {
  lang: Lang;
  text: string;
  intent: string;
}

/** The router's classes; everything that is not an action goes to the knowledge answerer. */
export const ACTION_INTENTS = ['report_claim', 'report_overdue', 'handoff'] as const;
export const NOT_AN_ACTION = 'question';

/**
 * What the router should say for an evaluation item: its action intent, else "question".
 * Out-of-scope and unanswerable items count as "question": the router has no class for them —
 * they go to the answerer, which declines them.
 */
export function expectedIntent(item: EvalItem): string {
  return (ACTION_INTENTS as readonly string[]).includes(item.intent) ? item.intent : NOT_AN_ACTION;
}

/**
 * Training examples for the peer: the router's own action examples, plus the knowledge
 * documents' headings ("How to report a claim", "Jak nahlásit…") as examples of questions — the
 * router needs none (it tells questions by their form), a classifier needs a class for them.
 */
export function trainingExamples(intentExamplesFile: string): IntentExample[] {
  const file = JSON.parse(fs.readFileSync(intentExamplesFile, 'utf8')) as { intents: Record<string, Partial<Record<Lang, string[]>>> };
  const examples: IntentExample[] = [];
  for (const [intent, byLang] of Object.entries(file.intents)) {
    for (const lang of ['cs', 'en'] as const) for (const text of byLang[lang] ?? []) examples.push({ lang, text, intent });
  }
  for (const lang of ['cs', 'en'] as const) {
    const dir = path.join(documentsDir, lang);
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
        const heading = /^#{1,3}\s+(.+)$/.exec(line.trim());
        if (heading) examples.push({ lang, text: heading[1]!, intent: NOT_AN_ACTION });
      }
    }
  }
  return examples;
}

/** Trains NLP.js on the examples; its "None" (nothing confident) means "not an action". */
export async function trainNlpJs(examples: IntentExample[]): Promise<IntentClassifier> {
  const manager = new NlpManager({ languages: ['cs', 'en'], autoSave: false, autoLoad: false, forceNER: false, nlu: { log: false } });
  for (const e of examples) manager.addDocument(e.lang, e.text, e.intent);
  await manager.train();
  return async (text, lang) => {
    const { intent } = await manager.process(lang, text);
    return intent === 'None' ? NOT_AN_ACTION : intent;
  };
}

export interface IntentScore {
  n: number;
  correct: number;
  accuracy: number;
  /** Items whose expected intent is an action (start a report, hand off). */
  actions: { n: number; correct: number };
  /** Items that must not start an action (questions, out of scope, unanswerable). */
  notActions: { n: number; correct: number };
  meanMs: number;
}

export interface IntentRow {
  lang: Lang;
  ours: IntentScore;
  nlpjs: IntentScore;
  /** ours.accuracy / nlpjs.accuracy */
  accuracyRatio: number;
  /** Items the two classify differently: text, expected, ours, nlpjs. */
  disagreements: { text: string; expected: string; ours: string; nlpjs: string }[];
}

export interface IntentResult {
  trainingExamples: number;
  items: number;
  rows: IntentRow[];
}

/** Every evaluation item (public, extra, negatives) with the intent the router should give it. */
export function intentEvalItems(): EvalItem[] {
  return [EVAL_SETS.public, EVAL_SETS.extra, EVAL_SETS.negatives].flatMap((file) => readEvalSet(file));
}

async function score(classify: IntentClassifier, items: EvalItem[]): Promise<{ score: IntentScore; predictions: string[] }> {
  for (const item of items) await classify(item.text, item.lang); // warm-up, not timed
  const predictions: string[] = [];
  const ms: number[] = [];
  for (const item of items) {
    const t = performance.now();
    predictions.push(await classify(item.text, item.lang));
    ms.push(performance.now() - t);
  }
  const tally = (filter: (item: EvalItem) => boolean) => {
    const picked = items.map((item, i) => ({ item, predicted: predictions[i]! })).filter(({ item }) => filter(item));
    return { n: picked.length, correct: picked.filter(({ item, predicted }) => predicted === expectedIntent(item)).length };
  };
  const all = tally(() => true);
  return {
    predictions,
    score: {
      ...all,
      accuracy: all.n ? all.correct / all.n : 0,
      actions: tally((item) => expectedIntent(item) !== NOT_AN_ACTION),
      notActions: tally((item) => expectedIntent(item) === NOT_AN_ACTION),
      meanMs: mean(ms),
    },
  };
}

/** Our router against NLP.js trained on `examples`, per language, on the evaluation items. */
export async function runIntentBench(ourRouter: IntentClassifier, examples: IntentExample[]): Promise<IntentResult> {
  const nlpjs = await trainNlpJs(examples);
  const items = intentEvalItems();
  const rows: IntentRow[] = [];
  for (const lang of ['cs', 'en'] as const) {
    const subset = items.filter((i) => i.lang === lang);
    const ours = await score(ourRouter, subset);
    const peer = await score(nlpjs, subset);
    const disagreements = subset
      .map((item, i) => ({ text: item.text, expected: expectedIntent(item), ours: ours.predictions[i]!, nlpjs: peer.predictions[i]! }))
      .filter((d) => d.ours !== d.nlpjs);
    rows.push({ lang, ours: ours.score, nlpjs: peer.score, accuracyRatio: ratio(ours.score.accuracy, peer.score.accuracy), disagreements });
  }
  return { trainingExamples: examples.length, items: items.length, rows };
}
