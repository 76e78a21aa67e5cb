import { describe, expect, it } from 'vitest';
import { teamsCatalogues } from '../../channels/teams/texts.js';
import { insightsCatalogues } from '../../insights/texts.js';
import { checkCatalogue, defineCatalogue } from '../../locales/catalogue.js';
import { chatCatalogues, t } from '../../locales/index.js';
import { staffCatalogues } from '../../staff/pages/texts.js';
import { insightsText } from '../../insights/texts.js';

describe('message catalogues', () => {
  it.each([
    ['chat', chatCatalogues],
    ['staff pages', staffCatalogues],
    ['insights', insightsCatalogues],
    ['Teams', teamsCatalogues],
  ] as const)('%s: every message parses as ICU MessageFormat in both languages', (_name, tables) => {
    expect(() => checkCatalogue(tables as Record<string, Record<string, string>>)).not.toThrow();
  });

  it('chooses Czech plural forms by CLDR rules (one, few, other)', () => {
    const say = defineCatalogue({ cs: { n: '{count, plural, one {# dokument} few {# dokumenty} other {# dokumentů}}' }, en: { n: '{count, plural, one {# document} other {# documents}}' } });
    expect([1, 2, 4, 5, 21, 22].map((count) => say('cs', 'n', { count }))).toEqual(['1 dokument', '2 dokumenty', '4 dokumenty', '5 dokumentů', '21 dokumentů', '22 dokumentů']);
    expect([1, 2].map((count) => say('en', 'n', { count }))).toEqual(['1 document', '2 documents']);
  });

  it('chooses by select (gender) and leaves a missing placeholder visible', () => {
    const say = defineCatalogue({ cs: { m: '{gender, select, female {převzala} male {převzal} other {převzal(a)}} {name}' }, en: { m: 'accepted by {name}' } });
    expect(say('cs', 'm', { gender: 'female', name: 'Jana' })).toBe('převzala Jana');
    expect(say('cs', 'm', { name: 'Petr' })).toBe('převzal(a) Petr');
    expect(say('en', 'm')).toBe('accepted by {name}');
  });

  it('uses real plurals in the product texts', () => {
    expect(t('cs', 'attachment.done', { count: 1 })).toContain('1 dokument.');
    expect(t('cs', 'attachment.done', { count: 3 })).toContain('3 dokumenty.');
    expect(t('cs', 'attachment.done', { count: 5 })).toContain('5 dokumentů.');
    expect(t('en', 'attachment.done', { count: 1 })).toContain('1 document recorded');
    expect(t('en', 'deadline.soon', { number: 'F1', deadline: '1 March 2026', left: 1 })).toContain('in 1 day.');
    expect(t('cs', 'deadline.soon', { number: 'F1', deadline: '1. 3. 2026', left: 2 })).toContain('za 2 dny.');
    expect(insightsText('en', 'ratingsGiven', { ratings: 1, conversations: 1 })).toBe('1 rating after 1 conversation with a person');
    expect(insightsText('cs', 'measuredOver', { n: 1 })).toBe('na základě 1 převzatého předání');
  });
});
