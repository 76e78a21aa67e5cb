import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAnswers, evaluateRetrieval } from '../../../knowledge/evaluation/evaluate.js';
import { readEvalSet } from '../../../knowledge/evaluation/evalSet.js';
import { passageMatches } from '../../../knowledge/evaluation/metrics.js';
import { projectKnowledge } from '../../helpers/knowledge.js';

const publicSet = readEvalSet(path.resolve('test/eval/questions.jsonl'));

describe('evaluation on the public set (quality floor, not timing)', () => {
  it('finds an expected passage in the top 3 for at least 19 of 20 questions', async () => {
    const rows = await evaluateRetrieval(await projectKnowledge(), 'public', publicSet);
    const ours = rows.find((r) => r.subset === 'all' && r.system === 'hybrid')!;
    expect(ours.metrics.n).toBe(20);
    expect(ours.metrics.hit3).toBeGreaterThanOrEqual(19);
  });

  it('answers every question with a citation and redirects every out-of-scope request', async () => {
    const checks = await evaluateAnswers(await projectKnowledge(), publicSet);
    expect(checks.filter((c) => !c.ok).map((c) => c.item.id)).toEqual([]);
    expect(checks).toHaveLength(22);
  });

  it('matches expected phrases case- and diacritics-insensitively', () => {
    const item = { id: 'x', lang: 'cs' as const, text: '', intent: 'question' as const, expect_any: ['odvolá'] };
    expect(passageMatches(item, 'Právo na ODVOLÁNÍ')).toBe(true);
    expect(passageMatches(item, 'pravo na odvolani')).toBe(true);
    expect(passageMatches(item, 'stížnost')).toBe(false);
  });
});
