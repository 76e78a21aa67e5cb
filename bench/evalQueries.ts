import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvalSet, type EvalItem } from '../knowledge/evaluation/evalSet.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const documentsDir = path.join(projectRoot, 'knowledge', 'documents');

export const EVAL_SETS = {
  public: path.join(projectRoot, 'test', 'eval', 'questions.jsonl'),
  extra: path.join(projectRoot, 'test', 'eval', 'extra-questions.jsonl'),
  negatives: path.join(projectRoot, 'test', 'eval', 'negatives.jsonl'),
} as const;

/** Items of a set whose intent is a knowledge question (the ones retrieval is judged on). */
export function questionsOf(file: string): EvalItem[] {
  return readEvalSet(file).filter((item) => item.intent === 'question');
}

/** The fixed query set for latency measurements: every question of the public and extra sets. */
export function latencyQueries(): EvalItem[] {
  return [...questionsOf(EVAL_SETS.public), ...questionsOf(EVAL_SETS.extra)];
}
