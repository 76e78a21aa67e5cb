import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../helpers/dialogs.js';

/** Starts an overdue notification and answers up to the invoice number question. */
async function atInvoiceNumber(lang: 'cs' | 'en') {
  const services = await testServices();
  const h = mainDialogHarness(services, lang);
  await h.texts(lang === 'cs' ? 'Chci nahlásit fakturu po splatnosti' : 'I want to report an overdue invoice');
  for (const a of ['CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358']) await h.texts(a);
  expect(await h.texts(lang === 'cs' ? 'přeskočit' : 'skip')).toMatch(/Faktura 1|Invoice 1/);
  return { services, h };
}

describe('interruptions at any step', () => {
  it.each([
    ['cs', 'nápověda', /Číslo uvedené na neuhrazené faktuře[\s\S]*Příkazy[\s\S]*Faktura 1: jaké má číslo/],
    ['en', 'help', /number printed on the unpaid invoice[\s\S]*Commands[\s\S]*Invoice 1: what is its number/],
  ] as const)('%s: "%s" explains the current step and asks it again', async (lang, command, expected) => {
    const { h } = await atInvoiceNumber(lang);
    expect(await h.texts(command)).toMatch(expected);
  });

  it.each([
    ['cs', 'zrušit', 'ano', /zrušil, nic nebylo podáno/],
    ['en', 'cancel', 'yes', /cancelled; nothing was filed/],
  ] as const)('%s: "%s" asks to confirm, then ends without filing', async (lang, command, yes, expected) => {
    const { h, services } = await atInvoiceNumber(lang);
    expect(await h.texts(command)).toMatch(/Opravdu|really/);
    expect(await h.texts(yes)).toMatch(expected);
    expect(await services.cases.listByClient('strojirny-morava')).toHaveLength(0);
    // After cancelling, the conversation is back at the start: a question gets an answer.
    expect(await h.texts(lang === 'cs' ? 'Jaké je telefonní číslo vaší centrály?' : 'What is the address of your head office?')).toMatch(/553 3355|Ricardostraat/);
  });

  it('"zrušit" then "ne" resumes at the same step', async () => {
    const { h } = await atInvoiceNumber('cs');
    await h.texts('zrušit');
    expect(await h.texts('ne')).toMatch(/pokračujeme[\s\S]*Faktura 1: jaké má číslo/);
    expect(await h.texts('F-1')).toMatch(/Kdy byla faktura F-1 vystavena/);
  });

  it.each([
    ['cs', 'zpět', /DIČ/],
    ['en', 'back', /VAT number/],
  ] as const)('%s: "%s" re-asks the previous question, and its new answer replaces the old one', async (lang, command, expected) => {
    const { h, services } = await atInvoiceNumber(lang);
    expect(await h.texts(command)).toMatch(expected);
    expect(await h.texts('CZ27074358')).toMatch(/Faktura 1|Invoice 1/);
    for (const a of ['F-1', '2026-10-01', '2026-10-31', '100 EUR', 'all', 'no', 'no', 'none', 'no', 'Jan Novák', 'jan@acme.cz']) await h.texts(a);
    expect(await h.texts(lang === 'cs' ? 'Potvrdit' : 'Confirm')).toMatch(/OVD-2026/);
    const [record] = await services.cases.listByClient('strojirny-morava');
    expect(record!.data.buyer.vatId).toBe('CZ27074358');
  });

  it('"back" at the first question says there is nothing to go back to', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'en');
    await h.texts('I want to file a claim');
    expect(await h.texts('back')).toMatch(/nothing to go back to[\s\S]*policy number/);
  });

  it.each([
    ['cs', 'Jaké je telefonní číslo vaší centrály?', /553 3355[\s\S]*zpět k vašemu hlášení[\s\S]*Faktura 1: jaké má číslo/],
    ['en', 'What is the address of your head office?', /Ricardostraat[\s\S]*back to your report[\s\S]*Invoice 1: what is its number/],
    ['cs', 'jak dlouho trvá vyřízení stížnosti', /zpět k vašemu hlášení[\s\S]*Faktura 1/],
  ] as const)('%s: a knowledge question mid-form is answered with a citation, then the form resumes', async (lang, question, expected) => {
    const { h } = await atInvoiceNumber(lang);
    const replies = await h.say(question);
    expect(replies.map((r) => r.text).join('\n')).toMatch(expected);
  });

  it('a request for a person mid-form keeps the form and tells the client how to reach their manager', async () => {
    const { h } = await atInvoiceNumber('cs');
    expect(await h.texts('Chci mluvit s člověkem')).toMatch(/manažera zákaznického servisu[\s\S]*Faktura 1: jaké má číslo/);
    expect(await h.texts('F-9')).toMatch(/vystavena/);
  });

  it('passes the partial form to the handoff service when one is configured', async () => {
    const started: unknown[] = [];
    const services = await testServices({
      handoff: {
        request: async (_ctx, request) => {
          started.push(request);
          return { kind: 'waiting', ticketId: 't-1' };
        },
        requestCallback: async () => undefined,
        declineCallback: async () => undefined,
      },
    });
    const h = mainDialogHarness(services, 'en');
    await h.texts('I want to report an overdue invoice');
    await h.texts('CZ-2024-10001');
    await h.texts('ACME s.r.o.');
    // The form waits silently while the client talks to the manager.
    expect(await h.texts('I want to talk to a person')).toBe('');
    expect(started).toEqual([
      expect.objectContaining({ lang: 'en', policyNumber: 'CZ-2024-10001', form: expect.objectContaining({ kind: 'overdue', values: expect.objectContaining({ buyer: { name: 'ACME s.r.o.' } }) }) }),
    ]);
  });
});

describe('summary: change a detail', () => {
  it('changes the buyer from the summary and returns to the summary', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'en');
    await h.texts('I need to notify overdue invoices');
    for (const a of ['CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'skip', 'F-1', '2026-10-01', '2026-10-31', '100 EUR', 'all', 'no', 'no', 'none', 'no', 'Jan Novák']) await h.texts(a);
    expect(await h.texts('jan@acme.cz')).toMatch(/Summary/);
    expect(await h.texts('Change a detail')).toMatch(/Which detail/);
    expect(await h.texts('Buyer')).toMatch(/name of the buyer/);
    for (const a of ['Beta a.s.', 'CZ', '45274649']) await h.texts(a);
    expect(await h.texts('skip')).toMatch(/Summary[\s\S]*Beta a\.s\.[\s\S]*45274649/);
    expect(await h.texts('Confirm')).toMatch(/OVD-2026/);
    const [record] = await services.cases.listByClient('strojirny-morava');
    expect(record!.data.buyer).toEqual({ name: 'Beta a.s.', country: 'CZ', registrationNumber: '45274649' });
    expect(record!.data.invoices).toHaveLength(1);
  });
});

describe('policy first', () => {
  it('re-prompts an unknown policy number, and after 3 tries offers a person', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'cs');
    await h.texts('Chci nahlásit škodnou událost');
    expect(await h.texts('CZ-0000-00000')).toMatch(/nenašel[\s\S]*CZ-2024-10001[\s\S]*číslo vaší pojistné smlouvy/);
    expect(await h.texts('XX-1234')).toMatch(/nenašel/);
    const third = await h.say('QQ-9999');
    expect(third.map((r) => r.text).join('\n')).toMatch(/stále nenacházím[\s\S]*manažer/);
    expect(third.some((r) => r.suggestedActions?.actions.some((a) => a.title === 'Mluvit s člověkem'))).toBe(true);
    // The right number still works after that.
    expect(await h.texts('CZ-2024-10001')).toMatch(/CZ-2024-10001 máme v evidenci/);
  });

  it('offers the policy used earlier in the conversation for confirmation', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'en', { policies: ['CZ-2023-20417'] });
    expect(await h.texts('I want to file a claim')).toMatch(/use your policy CZ-2023-20417/);
    expect(await h.texts('yes')).toMatch(/name of the buyer/);
  });

  it('asks for another number when the client declines the earlier policy', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'en', { policies: ['CZ-2023-20417'] });
    await h.texts('I want to file a claim');
    expect(await h.texts('no')).toMatch(/What is your policy number/);
  });
});
