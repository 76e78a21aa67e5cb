import type { Entity } from 'botbuilder';
import type { Citation } from '../../knowledge/answering/answerer.js';

/** Teams shows at most this many characters of a citation's abstract. */
export const ABSTRACT_LIMIT = 160;

export function excerpt(text: string, limit = ABSTRACT_LIMIT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > limit * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * The citation entity that Teams and Web Chat render: a schema.org Message whose `citation`
 * array holds one Claim per `[n]` marker in the text.
 */
export function citationEntity(citations: Citation[], options: { aiGenerated?: boolean } = {}): Entity {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    ...(options.aiGenerated ? { additionalType: ['AIGeneratedContent'] } : {}),
    citation: citations.map((c) => ({
      '@type': 'Claim',
      position: c.position,
      appearance: {
        '@type': 'DigitalDocument',
        name: c.headings.length ? `${c.title} — ${c.headings[c.headings.length - 1]}` : c.title,
        abstract: excerpt(c.passage),
        keywords: [c.source],
      },
    })),
  };
}
