import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 11: "You can attach the files here" was promised where files could not be sent.
// The website ('directline') has Web Chat's upload button and stores the files (…/upload); Teams'
// app is packaged without file support.
const claimCs = ['Chci nahlásit škodnou událost', 'CZ-2022-30055', 'Pekárna Novák s.r.o.', 'CZ', '27074358', 'přeskočit', '118/2026', '2. 3. 2026', '1. 4. 2026', '48 000 Kč', 'vše', 'ne', 'ne', 'tři upomínky', 'ne', 'insolvence'];

describe('the documents question', () => {
  it.each([
    ['directline', /přímo sem do chatu/, /nahrajte v portálu Atrium/],
    ['webchat', /nahrajte v portálu Atrium/, /přímo sem do chatu/],
    ['msteams', /nahrajte v portálu Atrium/, /přímo sem do chatu/],
    ['emulator', /přímo sem do chatu/, /nahrajte v portálu Atrium/],
  ])('on %s: %s', async (channelId, expected, notExpected) => {
    const h = mainDialogHarness(await testServices(), 'cs', { channelId });
    for (const answer of claimCs) await h.texts(answer);
    const prompt = await h.texts('ano');
    expect(prompt).toMatch(/insolvenční dokumenty/);
    expect(prompt).toMatch(expected);
    expect(prompt).not.toMatch(notExpected);
    // The manager's address is not given to someone who only typed a policy number.
    expect(prompt).not.toMatch(/@example\.com/);
  });
});
