import { describe, expect, it } from 'vitest';
import { citationEntity, excerpt } from '../../../dialogs/answers/citations.js';

const citation = {
  position: 1,
  title: 'Contacts',
  source: 'en/contacts.md',
  docId: 'contacts',
  lang: 'en' as const,
  headings: ['Head office'],
  passage: 'The head office is in Amsterdam. '.repeat(20),
  score: 0.5,
};

describe('citationEntity', () => {
  it('is a schema.org Message with one Claim per citation, as Teams and Web Chat render it', () => {
    const entity = citationEntity([citation]) as unknown as Record<string, unknown>;
    expect(entity).toMatchObject({ type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org' });
    expect(entity.citation).toEqual([
      {
        '@type': 'Claim',
        position: 1,
        appearance: { '@type': 'DigitalDocument', name: 'Contacts — Head office', abstract: expect.any(String), keywords: ['en/contacts.md'] },
      },
    ]);
    expect(entity).not.toHaveProperty('additionalType');
  });

  it('keeps the abstract within Teams\' 160 characters, cut at a word', () => {
    const text = excerpt(citation.passage);
    expect(text.length).toBeLessThanOrEqual(160);
    expect(text.endsWith('…')).toBe(true);
    expect(excerpt('Short text.')).toBe('Short text.');
  });

  it('marks AI-generated answers', () => {
    expect(citationEntity([citation], { aiGenerated: true })).toMatchObject({ additionalType: ['AIGeneratedContent'] });
  });
});
