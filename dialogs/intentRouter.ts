import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { foldDiacritics } from '../knowledge/text/fold.js';
import type { Lang } from '../locales/lang.js';
import { REFERENCE_PATTERN } from './caseStore.js';

/** Intents recognised by their examples; a case reference in the message is case_status outright. */
export const actionIntents = ['report_claim', 'report_overdue', 'handoff', 'case_status'] as const;
export type ActionIntent = (typeof actionIntents)[number];
export type Intent = ActionIntent | 'question';

export interface Routing {
  intent: Intent;
  /** Similarity to the nearest example of the chosen (or suggested) intent, 0..1. */
  confidence: number;
  /** For a question about a report ("How do I report a claim?"): the dialog to offer. */
  suggest?: 'report_claim' | 'report_overdue';
  scores: Record<ActionIntent, number>;
  /** The client sounds clearly frustrated (offer a person). */
  frustrated?: boolean;
}

const examplesSchema = z.object({
  intents: z.record(z.enum(actionIntents), z.object({ cs: z.array(z.string()), en: z.array(z.string()) })),
  actionCues: z.object({ cs: z.array(z.string()), en: z.array(z.string()) }),
  questionCues: z.object({ cs: z.array(z.string()), en: z.array(z.string()) }),
  frustrationCues: z.object({ cs: z.array(z.string()), en: z.array(z.string()) }),
});
export type IntentExamples = z.infer<typeof examplesSchema>;

const defaultExamplesFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'data', 'intent-examples.json');

export function loadIntentExamples(file = defaultExamplesFile): IntentExamples {
  return examplesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface IntentThresholds {
  /** Least similarity to a handoff example to hand off. */
  handoff: number;
  /** Least similarity to a report example to start that dialog. */
  report: number;
  /** Least similarity for a question to be offered the matching dialog. */
  suggest: number;
  /**
   * Least similarity to a case-status example ("my cases") without a reference. Higher than the
   * others: a question about procedures shares many words with one about one's own cases, and
   * taking it for a status request would cost the client the answer.
   */
  status: number;
}

export const DEFAULT_INTENT_THRESHOLDS: IntentThresholds = { handoff: 0.5, report: 0.5, suggest: 0.4, status: 0.7 };

/** A second opinion (an LLM) for messages the example-based router is unsure about. */
export type IntentAssistant = (text: string, lang: Lang, offline: Routing) => Promise<Routing | undefined>;

/** Between these nearest-example similarities the offline decision is uncertain. */
const UNCERTAIN = { from: 0.3, to: 0.65 };


const phraseRegexes = new Map<string, RegExp>();

function containsPhrase(foldedText: string, phrase: string): boolean {
  let re = phraseRegexes.get(phrase);
  if (!re) {
    const p = foldDiacritics(phrase);
    re = new RegExp(`(^|[^\\p{L}])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
    phraseRegexes.set(phrase, re);
  }
  return re.test(foldedText);
}

/**
 * Offline intent routing: nearest examples by the knowledge base's own embeddings (stems,
 * concepts, n-grams), then a question/request distinction — "How do I report a claim?" is a
 * question to answer (with an offer to start the dialog), "I want to report a claim" starts it.
 */
export interface IntentRouterOptions {
  /** Example phrases per intent (default: dialogs/data/intent-examples.json). */
  examples?: IntentExamples;
  thresholds?: IntentThresholds;
  /** LLM help for uncertain cases (LLM mode only). */
  assistant?: IntentAssistant;
}

export class IntentRouter {
  /**
   * The examples' vectors, one row each in one typed array: a message's hashed vector has a few
   * dozen non-zero dimensions of hundreds, so its similarity to every example is summed over
   * those only (#20: the dense loop over every example was a tenth of a Q&A turn).
   */
  private readonly exampleVectors: Float64Array;
  private readonly exampleIntents: ActionIntent[] = [];
  private readonly dimensions: number;
  /** Question cues folded once, with the space that must follow them. */
  private readonly questionStarts: Record<Lang, string[]>;
  private readonly frustrationCues: string[];

  private readonly examples: IntentExamples;
  private readonly thresholds: IntentThresholds;
  private readonly assistant?: IntentAssistant;

  constructor(
    private readonly embeddings: HashedEmbeddings,
    options: IntentRouterOptions = {},
  ) {
    this.examples = options.examples ?? loadIntentExamples();
    this.thresholds = options.thresholds ?? DEFAULT_INTENT_THRESHOLDS;
    if (options.assistant) this.assistant = options.assistant;
    const examples = this.examples;
    const rows: number[][] = [];
    for (const intent of actionIntents) {
      for (const lang of ['cs', 'en'] as const) {
        for (const text of examples.intents[intent]?.[lang] ?? []) {
          rows.push(embeddings.embedSync(text, lang));
          this.exampleIntents.push(intent);
        }
      }
    }
    this.dimensions = embeddings.dimensions;
    this.exampleVectors = new Float64Array(rows.length * this.dimensions);
    rows.forEach((row, i) => this.exampleVectors.set(row, i * this.dimensions));
    this.questionStarts = { cs: examples.questionCues.cs.map((cue) => foldDiacritics(cue) + ' '), en: examples.questionCues.en.map((cue) => foldDiacritics(cue) + ' ') };
    this.frustrationCues = [...examples.frustrationCues.cs, ...examples.frustrationCues.en];
  }

  /** Highest similarity (cosine: all vectors are L2-normalised) to an example of each intent. */
  private similarities(vector: number[]): Record<ActionIntent, number> {
    const scores = { report_claim: 0, report_overdue: 0, handoff: 0, case_status: 0 } as Record<ActionIntent, number>;
    const nonZero: number[] = [];
    for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) nonZero.push(i);
    const matrix = this.exampleVectors;
    for (let e = 0; e < this.exampleIntents.length; e++) {
      const base = e * this.dimensions;
      let dot = 0;
      for (const i of nonZero) dot += vector[i]! * matrix[base + i]!;
      const intent = this.exampleIntents[e]!;
      if (dot > scores[intent]) scores[intent] = dot;
    }
    return scores;
  }

  /**
   * The routing of a message: offline, and — when an assistant (LLM) is configured — its opinion
   * for uncertain cases only; any failure of the assistant keeps the offline decision.
   */
  async classify(text: string, lang: Lang): Promise<Routing> {
    const offline = this.route(text, lang);
    if (!this.assistant || offline.intent === 'case_status') return offline;
    const best = Math.max(...Object.values(offline.scores));
    if (best < UNCERTAIN.from || best > UNCERTAIN.to) return offline;
    try {
      return (await this.assistant(text, lang, offline)) ?? offline;
    } catch {
      return offline;
    }
  }

  route(text: string, lang: Lang): Routing {
    const scores = this.similarities(this.embeddings.embedSync(text, lang));

    if (REFERENCE_PATTERN.test(text)) return { intent: 'case_status', confidence: 1, scores };

    const folded = foldDiacritics(text);
    const frustrated = this.isFrustrated(text, folded);
    // A question word up front makes it a question even with "I need" inside ("What documents do
    // I need…"); otherwise a request cue wins over a trailing question mark ("Can I file it now?").
    const startsAsQuestion = this.questionStarts[lang].some((start) => folded.startsWith(start));
    const isRequest = !startsAsQuestion && this.examples.actionCues[lang].some((cue) => containsPhrase(folded, cue));
    const isQuestion = startsAsQuestion || (!isRequest && /\?\s*$/.test(text));
    const [best, confidence] = (Object.entries(scores) as [ActionIntent, number][]).sort((a, b) => b[1] - a[1])[0]!;

    // "What is the status of my claim?" asks about the client's own cases, question or not.
    if (best === 'case_status') {
      return confidence >= this.thresholds.status ? { intent: 'case_status', confidence, scores } : { intent: 'question', confidence, scores, frustrated };
    }
    if (best === 'handoff') {
      return confidence >= this.thresholds.handoff ? { intent: 'handoff', confidence, scores } : { intent: 'question', confidence, scores, frustrated };
    }
    if (confidence >= this.thresholds.report && !isQuestion) return { intent: best, confidence, scores };
    if (confidence >= this.thresholds.suggest && isQuestion) return { intent: 'question', confidence, suggest: best, scores, frustrated };
    return { intent: 'question', confidence, scores, frustrated };
  }

  /** Frustration cues in either language, or shouting (three exclamation marks, a sentence in capitals). */
  private isFrustrated(text: string, folded: string): boolean {
    if (/!{3,}/.test(text)) return true;
    const letters = text.replace(/[^\p{L}]/gu, '');
    if (letters.length >= 12 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return true;
    return this.frustrationCues.some((cue) => containsPhrase(folded, cue));
  }
}
