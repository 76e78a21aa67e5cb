import { describe, expect, it } from 'vitest';
import { chooseEvidence, DEFAULT_THRESHOLDS, definesWords, properNames } from '../../../knowledge/answering/answerer.js';
import { projectKnowledge } from '../../helpers/knowledge.js';

describe('KnowledgeAnswerer (project documents)', () => {
  it('answers a Czech question in Czech, extractively, with a numbered citation', async () => {
    const kb = await projectKnowledge();
    const answer = await kb.answerer.answer('Jaké je telefonní číslo vaší centrály?');
    expect(answer).toMatchObject({ kind: 'answer', language: 'cs', grounded: true });
    expect(answer.text).toMatch(/\+31 20 553 3355.*\[1\]/s);
    expect(answer.citations[0]).toMatchObject({ position: 1, source: 'cs/contacts.md', lang: 'cs' });
    // Extractive: every sentence of the answer is in the cited passage.
    const body = answer.text.replace(/\s*\[\d\]/g, '');
    for (const line of body.split('\n').filter(Boolean)) expect(answer.citations.map((c) => c.passage).join('\n')).toContain(line.trim());
  });

  it('answers only with the relevant sentences of a long passage, not the whole document', async () => {
    const kb = await projectKnowledge();
    const answer = await kb.answerer.answer('Will you warn me before you reduce or cancel a credit limit?');
    expect(answer.citations[0]!.source).toBe('en/credit-limits.md');
    expect(answer.text.length).toBeLessThan(900);
    expect(answer.text).toMatch(/notice/i);
  });

  it('prefers passages in the asker\'s language when both exist', async () => {
    const kb = await projectKnowledge();
    const cs = await kb.answerer.answer('Kdo mi pomůže s přístupem do portálu Atrium?');
    const en = await kb.answerer.answer('Who helps me with access to the Atrium portal?');
    expect(cs.citations.every((c) => c.lang === 'cs')).toBe(true);
    expect(en.citations.every((c) => c.lang === 'en')).toBe(true);
  });

  it.each([
    ['What is your bank account number for premium payments?', 'en'],
    ['Jaké je číslo vašeho bankovního účtu pro platbu pojistného?', 'cs'],
  ])('says it does not know "%s" rather than guessing', async (question, lang) => {
    const kb = await projectKnowledge();
    const answer = await kb.answerer.answer(question);
    expect(answer).toMatchObject({ kind: 'dont_know', grounded: false, citations: [], language: lang });
  });

  it.each([
    ['What is the weather in Prague tomorrow?', 'en'],
    ['Napiš mi báseň o kočkách', 'cs'],
    ['Jak upéct bábovku?', 'cs'],
  ])('redirects the out-of-scope "%s" without a citation', async (question, lang) => {
    const kb = await projectKnowledge();
    const answer = await kb.answerer.answer(question);
    expect(answer).toMatchObject({ kind: 'out_of_scope', grounded: false, citations: [], language: lang });
  });

  it('tells an English client, in English, that the passage it quotes is Czech', async () => {
    const kb = await projectKnowledge();
    // Only the Czech documents cover a buyer's insolvency (cs/insolvence-odberatele.md).
    const answer = await kb.answerer.answer('How do I find out whether my buyer is in the insolvency register?');
    expect(answer).toMatchObject({ kind: 'answer', language: 'en', sourceLanguage: 'cs', grounded: true });
    expect(answer.citations[0]!.lang).toBe('cs');
    const [notice, ...quoted] = answer.text.split('\n\n');
    expect(notice).toBe('I found this only in our Czech documents, so the passage below is quoted in Czech:');
    // The passage itself follows unchanged (extractive, not translated).
    expect(answer.citations[0]!.passage).toContain(quoted.join('\n\n').replace(/\s*\[1\]$/, '').split('\n')[0]!.trim());
  });

  it('answers in a forced language', async () => {
    const kb = await projectKnowledge();
    const answer = await kb.answerer.answer('Atradius Insights', { lang: 'en' });
    expect(answer.language).toBe('en');
  });
});

describe('chooseEvidence — sentences that hold the question', () => {
  const passage = (id: string, coverage: number, denseSimilarity: number) =>
    ({ passage: { pageContent: id, metadata: { id, lang: 'cs' } }, coverage, denseSimilarity, score: 0 }) as never;
  const low = passage('low-meaning', 0.72, 0.05);
  const other = passage('other', 0.1, 0.06);

  it('answers from the passage whose sentences clearly hold the question, though the meaning check is weak', () => {
    const sentences = (r: { passage: { pageContent: string } }) => (r.passage.pageContent === 'low-meaning' ? 0.72 : 0.1);
    expect(chooseEvidence([low, other], [], DEFAULT_THRESHOLDS, 'cs', { sentenceCoverage: sentences })).toBe(low);
    // Without that signal the same passage is no evidence (similarity below the floor).
    expect(chooseEvidence([low, other], [], DEFAULT_THRESHOLDS, 'cs')).toBeUndefined();
  });

  it('does not answer "how long" from sentences that name no time', () => {
    const sentences = () => 0.9;
    expect(chooseEvidence([low, other], [], DEFAULT_THRESHOLDS, 'cs', { sentenceCoverage: (r) => (r === low ? sentences() : 0), asksSpan: true })).toBeUndefined();
  });
});

describe('definesWords — a sentence that says what the asked-about thing is', () => {
  it('finds "X je…" / "X means…" and not a line that merely names X', async () => {
    const kb = await projectKnowledge();
    const words = kb.analyzer.analyze('Co je kodex zákaznických služeb?', 'cs');
    expect(definesWords('Kodex zákaznických služeb je náš příslib vůči Vám.', 'cs', words, kb.analyzer)).toBe(true);
    expect(definesWords('Podívejte se na Kodex zákaznických služeb.', 'cs', words, kb.analyzer)).toBe(false);
    const en = kb.analyzer.analyze('what does protracted default mean', 'en');
    expect(definesWords('Protracted default means that a buyer has still not paid.', 'en', en, kb.analyzer)).toBe(true);
  });

  it('takes the names of the question sentence, not a sentence start or the context before it', () => {
    expect(properNames('Do you still insure buyers in Russia?')).toEqual(['Russia']);
    expect(properNames('Jaká je výše pojistného v Brazílii a EUR?')).toEqual(['Brazílii', 'EUR']);
    expect(properNames('Our cover is up for renewal in March. Will someone walk us through it?')).toEqual([]);
    expect(properNames('jaka je adresa vasi prazske pobocky')).toEqual([]);
  });

  it('declines a question about a name no document holds, on a passage that is on the topic', async () => {
    const kb = await projectKnowledge();
    const answer = await kb.answerer.answer('Jaká je výše pojistného pro odběratele v Brazílii?');
    expect(answer.kind).toBe('dont_know');
  });
});
