import { describe, expect, it } from 'vitest';
import { t } from '../../locales/index.js';

// #17 defect 7: "se připojil(a)", "ukončil(a)", "Váš manažer Jana Nováková", "na osobu Pavel
// Dvořák". Sentences with a person agree with the person's gender (from the directory).
describe('Czech sentences agree with the person they name', () => {
  it.each([
    ['handoff.joined', { name: 'Jana Nováková', gender: 'f' }, 'Jana Nováková se připojila k rozhovoru.'],
    ['handoff.joined', { name: 'Petr Svoboda', gender: 'm' }, 'Petr Svoboda se připojil k rozhovoru.'],
    ['handoff.endedByManager', { name: 'Jana Nováková', gender: 'f' }, 'Jana Nováková rozhovor ukončila. Jsem zpět.'],
    ['handoff.endedByManager', { name: 'Petr Svoboda', gender: 'm' }, 'Petr Svoboda rozhovor ukončil. Jsem zpět.'],
    ['handoff.noAnswer', { name: 'Jana Nováková', gender: 'f' }, 'Omlouvám se, Jana Nováková se zatím nemohla připojit.'],
    ['handoff.noAnswer', { name: 'tým zákaznického servisu', gender: 'team' }, 'Omlouvám se, tým zákaznického servisu se zatím nemohl připojit.'],
    ['handoff.deputy', { named: 'Jana Nováková', namedGender: 'f', name: 'Petr Svoboda', role: 'zástupce' }, 'Vaše manažerka Jana Nováková teď není k dispozici, proto vás převezme zástup: Petr Svoboda (zástupce).'],
    ['handoff.deputy', { named: 'Petr Svoboda', namedGender: 'm', name: 'Jana Nováková', role: 'zástupkyně' }, 'Váš manažer Petr Svoboda teď není k dispozici, proto vás převezme zástup: Jana Nováková (zástupkyně).'],
    ['ask.contactDetails', { name: 'Pavel Dvořák' }, 'Jaký e-mail nebo telefon má Pavel Dvořák?'],
    ['attachment.done', { count: 1 }, 'Děkuji, k hlášení jsem zaznamenal 1 dokument.'],
    ['attachment.done', { count: 3 }, 'Děkuji, k hlášení jsem zaznamenal 3 dokumenty.'],
    ['attachment.done', { count: 5 }, 'Děkuji, k hlášení jsem zaznamenal 5 dokumentů.'],
  ] as const)('%s %j', (key, params, expected) => {
    expect(t('cs', key, params as Record<string, string | number>)).toBe(expected);
  });
});
