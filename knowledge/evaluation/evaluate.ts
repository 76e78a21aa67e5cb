import { performance } from 'node:perf_hooks';
import type { KnowledgeBase } from '../knowledgeBase.js';
import { Bm25Baseline } from './bm25Baseline.js';
import type { EvalItem } from './evalSet.js';
import { passageMatches, rankingMetrics, type RankingMetrics } from './metrics.js';
import type { QuestionAnswerer } from '../answering/answerer.js';

export interface EvalRow {
  set: string;
  subset: string;
  system: 'hybrid' | 'bm25';
  metrics: RankingMetrics;
}

export interface AnswerCheck {
  item: EvalItem;
  kind: string;
  ok: boolean;
}

/** Groups of items reported separately: by language, and the cross-lingual ones apart. */
function subsets(items: EvalItem[]): [string, EvalItem[]][] {
  const questions = items.filter((i) => i.intent === 'question');
  const same = questions.filter((i) => !i.crosslingual);
  const groups: [string, EvalItem[]][] = [
    ['all', same],
    ['cs', same.filter((i) => i.lang === 'cs')],
    ['en', same.filter((i) => i.lang === 'en')],
  ];
  const cross = questions.filter((i) => i.crosslingual);
  if (cross.length) groups.push(['cross-lingual', cross]);
  return groups.filter(([, list]) => list.length > 0);
}

/** Runs an evaluation set through our retriever and the BM25 baseline on the same passages. */
export async function evaluateRetrieval(kb: KnowledgeBase, set: string, items: EvalItem[]): Promise<EvalRow[]> {
  const baseline = new Bm25Baseline(kb.index.passages);
  const rows: EvalRow[] = [];
  for (const [subset, list] of subsets(items)) {
    const ours = [];
    const theirs = [];
    for (const item of list) {
      let t = performance.now();
      const ranked = await kb.retriever.search(item.text, { lang: item.lang, k: 10 });
      ours.push({ item, ranked: ranked.map((r) => r.passage.pageContent), ms: performance.now() - t });
      t = performance.now();
      const base = baseline.search(item.text, 10);
      theirs.push({ item, ranked: base.map((p) => p.pageContent), ms: performance.now() - t });
    }
    rows.push({ set, subset, system: 'hybrid', metrics: rankingMetrics(ours) });
    rows.push({ set, subset, system: 'bm25', metrics: rankingMetrics(theirs) });
  }
  return rows;
}

/**
 * End-to-end check of the answering decision: questions must be answered with a citation,
 * out-of-scope requests redirected without one.
 */
export async function evaluateAnswers(kb: KnowledgeBase, items: EvalItem[]): Promise<AnswerCheck[]> {
  const checks: AnswerCheck[] = [];
  for (const item of items) {
    if (item.intent !== 'question' && item.intent !== 'out_of_scope' && item.intent !== 'unanswerable') continue;
    const answer = await kb.answerer.answer(item.text, { langHint: item.lang });
    const ok =
      item.intent === 'question'
        ? answer.grounded && answer.language === item.lang
        : item.intent === 'out_of_scope'
          ? answer.kind === 'out_of_scope'
          : !answer.grounded;
    checks.push({ item, kind: answer.kind, ok });
  }
  return checks;
}

/**
 * End-to-end quality of the answers a client would get (offline or LLM): a question counts when
 * it is answered with a citation whose passage contains an expected phrase.
 */
export async function evaluateCitedAnswers(
  answerer: QuestionAnswerer,
  items: EvalItem[],
): Promise<{ n: number; cited: number; quoted: number; failures: string[]; declined: number }> {
  const questions = items.filter((i) => i.intent === 'question');
  const failures: string[] = [];
  let cited = 0;
  let quoted = 0;
  // Answerable questions that got "I don't know": the gate's false alarms (its precision).
  let declined = 0;
  for (const item of questions) {
    const answer = await answerer.answer(item.text, { langHint: item.lang });
    if (!answer.grounded) declined++;
    if (answer.grounded && answer.citations.some((c) => passageMatches(item, c.passage))) cited++;
    else failures.push(item.id);
    // Stricter: the expected phrase is in the answer the client reads, not only in the cited passage.
    if (answer.grounded && passageMatches(item, answer.text)) quoted++;
  }
  return { n: questions.length, cited, quoted, failures, declined };
}

/** The gate on questions the documents do not answer: how many got "I don't know". */
export async function evaluateGate(answerer: QuestionAnswerer, items: EvalItem[]): Promise<{ n: number; declined: number; answered: string[] }> {
  const unanswerable = items.filter((i) => i.intent === 'unanswerable');
  const answered: string[] = [];
  for (const item of unanswerable) {
    const answer = await answerer.answer(item.text, { langHint: item.lang });
    if (answer.grounded) answered.push(item.id);
  }
  return { n: unanswerable.length, declined: unanswerable.length - answered.length, answered };
}
