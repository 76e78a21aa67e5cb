import { describe, expect, it } from 'vitest';
import { groupQuestions, wordingKey, type GapItem } from '../../insights/gapGrouping.js';
import { offlineEmbed } from '../../insights/index.js';
import { detectLanguage } from '../../knowledge/text/language.js';
import { SEED } from './seed.js';

const embed = offlineEmbed();

function items(questions: string[]): GapItem[] {
  return questions.map((text, i) => ({ text, language: detectLanguage(text), conversationId: `c${i}`, source: 'dont_know', at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z` }));
}

const topics = Object.values(SEED.gapTopics).filter((t) => t !== SEED.gapTopics.claimDisliked);
const all = topics.flat();

/** The groups as sets of questions, independent of order. */
const shape = (groups: { examples: string[] }[]) => groups.map((g) => [...g.examples].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

describe('grouping similar questions (offline hashed embeddings, cosine threshold)', () => {
  it('puts rewordings of one question together and different questions apart, in both languages', () => {
    const groups = groupQuestions(items(all), embed);
    expect(shape(groups)).toEqual(shape(topics.map((t) => ({ examples: t }))));
  });

  it('is deterministic: the same questions in any order give the same groups and labels', () => {
    const reference = groupQuestions(items(all), embed);
    for (const seed of [1, 7, 42]) {
      // A fixed shuffle (no Math.random): rotate and reverse.
      const shuffled = [...all.slice(seed % all.length), ...all.slice(0, seed % all.length)].reverse();
      const groups = groupQuestions(items(shuffled), embed);
      expect(groups.map((g) => [g.label, g.questions, [...g.examples].sort()])).toEqual(reference.map((g) => [g.label, g.questions, [...g.examples].sort()]));
    }
  });

  it('merges identical wordings (case, accents, punctuation) and counts clients, not lines', () => {
    const same = items(['Lze platit pojistné kartou?', 'lze platit pojistne kartou', 'LZE PLATIT POJISTNÉ KARTOU!!', 'Lze platit pojistné kartou?']);
    same[3]!.conversationId = 'c0';
    const [group, ...rest] = groupQuestions(same, embed);
    expect(rest).toHaveLength(0);
    expect(group).toMatchObject({ questions: 4, conversations: 3, examples: ['Lze platit pojistné kartou?'] });
    expect(wordingKey('LZE  platit, pojistné kartou!!')).toBe('lze platit pojistne kartou');
  });

  it('labels a group with its most frequent question and orders groups by size', () => {
    const questions = [...SEED.gapTopics.app, 'Does Atrium have a mobile app?', 'Does Atrium have a mobile app?', ...SEED.gapTopics.discount.slice(0, 1)];
    const groups = groupQuestions(items(questions), embed);
    expect(groups.map((g) => [g.label, g.questions])).toEqual([
      ['Does Atrium have a mobile app?', 5],
      ['Can I get a discount on the premium?', 1],
    ]);
  });

  it('keeps comments and documents of disliked answers, and a stricter threshold splits more', () => {
    const disliked: GapItem[] = [
      { text: 'How do I report a claim?', language: 'en', conversationId: 'a', source: 'disliked', at: '2026-11-02T10:00:00.000Z', comment: 'too long', documents: ['en/reporting-a-claim.md'] },
      { text: 'How can I report a claim online?', language: 'en', conversationId: 'b', source: 'disliked', at: '2026-11-03T10:00:00.000Z', comment: 'no deadline', documents: ['en/reporting-a-claim.md', 'en/contacts.md'] },
    ];
    const [group] = groupQuestions(disliked, embed);
    expect(group).toMatchObject({ questions: 2, sources: { disliked: 2 }, comments: ['no deadline', 'too long'], documents: ['en/contacts.md', 'en/reporting-a-claim.md'], lastAt: '2026-11-03T10:00:00.000Z' });
    expect(groupQuestions(disliked, embed, { threshold: 0.99 })).toHaveLength(2);
    expect(groupQuestions([], embed)).toEqual([]);
  });
});
