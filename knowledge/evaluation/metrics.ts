import { foldDiacritics } from '../text/fold.js';
import type { EvalItem } from './evalSet.js';

/** A passage answers an item when it contains one of the expected phrases (case- and diacritics-insensitive). */
export function passageMatches(item: EvalItem, passageText: string): boolean {
  const text = foldDiacritics(passageText).replace(/\s+/g, ' ');
  return (item.expect_any ?? []).some((phrase) => text.includes(foldDiacritics(phrase).replace(/\s+/g, ' ')));
}

export interface RankingMetrics {
  n: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Mean query latency in milliseconds. */
  latencyMs: number;
}

/** hit@1, hit@3 and MRR (over the top 10) of ranked passage texts per item. */
export function rankingMetrics(results: { item: EvalItem; ranked: string[]; ms: number }[]): RankingMetrics {
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let ms = 0;
  for (const { item, ranked, ms: t } of results) {
    const rank = ranked.slice(0, 10).findIndex((text) => passageMatches(item, text));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    ms += t;
  }
  const n = results.length;
  return { n, hit1, hit3, mrr: n ? rr / n : 0, latencyMs: n ? ms / n : 0 };
}
