import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 5: "cz 2024 10001" was refused. Every way clients write the same number finds it.
describe('policy numbers as clients type them', () => {
  it.each([
    ['cs', 'cz 2024 10001', /Děkuji — smlouvu CZ-2024-10001 máme v evidenci/],
    ['cs', 'CZ/2024/10001', /Děkuji — smlouvu CZ-2024-10001 máme v evidenci/],
    ['cs', 'cz.2024.10001', /Děkuji — smlouvu CZ-2024-10001 máme v evidenci/],
    ['cs', 'číslo smlouvy: CZ – 2024 – 10001', /Děkuji — smlouvu CZ-2024-10001 máme v evidenci/],
    ['en', 'cz202410001', /Thank you — policy CZ-2024-10001 is on our records/],
    ['en', ' CZ_2024_10001 ', /Thank you — policy CZ-2024-10001 is on our records/],
    ['en', 'CZ-2024-10002', /could not find|not find/i],
  ] as const)('%s: "%s"', async (lang, typed, expected) => {
    const h = mainDialogHarness(await testServices(), lang);
    await h.texts(lang === 'cs' ? 'Chci nahlásit fakturu po splatnosti' : 'I want to report an overdue invoice');
    expect(await h.texts(typed)).toMatch(expected);
  });
});
