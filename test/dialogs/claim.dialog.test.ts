import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../helpers/dialogs.js';

const pdf = (name: string, bytes: number) => ({
  contentType: 'application/pdf',
  name,
  contentUrl: `data:application/pdf;base64,${Buffer.alloc(bytes).toString('base64')}`,
});

describe('ClaimDialog', () => {
  it.each([
    {
      lang: 'cs' as const,
      start: 'Chci nahlásit škodnou událost',
      answers: ['CZ-2022-30055', 'Pekárna Novák s.r.o.', 'CZ', '27074358', 'přeskočit', '118/2026', '2. 3. 2026', '1. 4. 2026', '48 000 Kč', 'vše', 'ne', 'ne', 'tři upomínky', 'ne'],
      cause: 'insolvence',
      docsList: /insolvenční dokumenty/,
      collect: 'ano',
      done: 'hotovo',
      contact: ['Eva Krátká', 'eva@pekarna.cz'],
      confirm: 'Potvrdit',
      filed: /hlášení škodné události bylo podáno pod číslem:\s+\**CLM-2026-\d{6}-[0-9A-Z]{4}(?![\s\S]*Eva Dvořáková)/,
    },
    {
      lang: 'en' as const,
      start: 'I want to file a claim for an unpaid invoice',
      answers: ['CZ-2025-20980', 'Nordic Parts AB', 'SE', '5560000001', 'SE556000000101', 'NP-5', '2026-01-10', '2026-02-10', '€ 9,800', '4,800', 'no', 'no', 'reminders and a collection agency', 'no'],
      cause: 'Protracted default (the buyer does not pay)',
      docsList: /delivery notes[\s\S]*acknowledgement of the debt/,
      collect: 'no',
      done: 'done',
      contact: ['Anna Berg', '+46 70 123 45 67'],
      confirm: 'Confirm',
      filed: /claim has been filed under reference:\s+\**CLM-2026-\d{6}-[0-9A-Z]{4}(?![\s\S]*Petr Svoboda)/,
    },
  ])('files a claim in $lang with the cause, the documents list and attached files', async (c) => {
    const services = await testServices();
    const h = mainDialogHarness(services, c.lang, { channelId: 'webchat' });
    await h.texts(c.start);
    for (const answer of c.answers) await h.texts(answer);
    expect(await h.texts(c.cause)).toMatch(/collect|vymáhání/i);
    expect(await h.texts(c.collect)).toMatch(c.docsList);
    const received = await h.texts({ type: 'message', text: '', attachments: [pdf('faktura.pdf', 2048), pdf('dodaci-list.pdf', 1024)] });
    expect(received).toMatch(/faktura\.pdf \(2 kB\), dodaci-list\.pdf \(1 kB\)/);
    expect(await h.texts({ type: 'message', attachments: [{ contentType: 'application/x-msdownload', name: 'virus.exe', contentUrl: 'data:,x' }] })).toMatch(/virus\.exe/);
    expect(await h.texts({ type: 'message', attachments: [pdf('huge.pdf', 10 * 1024 * 1024 + 1)] })).toMatch(/huge\.pdf[\s\S]*10 MB/);
    await h.texts(c.done);
    await h.texts(c.contact[0]!);
    const summary = await h.say(c.contact[1]!);
    // On a card channel the summary is an Adaptive Card with confirm/change/cancel.
    const card = summary.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')!;
    expect(card).toBeDefined();
    const actions = (card.content as { actions: { data: { action: string; formId: string } }[] }).actions;
    expect(actions.map((a) => a.data.action)).toEqual(['confirm', 'change', 'cancel']);
    const confirm = { type: 'message', value: actions[0]!.data };
    expect(await h.texts(confirm)).toMatch(c.filed);

    const [record] = await services.cases.listByClient(c.lang === 'cs' ? 'vltava-foods' : 'bohemia-textil');
    expect(record!.kind).toBe('claim');
    expect(record!.data).toMatchObject({
      kind: 'claim',
      cause: c.lang === 'cs' ? 'insolvency' : 'protracted_default',
      startCollection: c.lang === 'cs',
      attachments: [
        { name: 'faktura.pdf', contentType: 'application/pdf', size: 2048 },
        { name: 'dodaci-list.pdf', contentType: 'application/pdf', size: 1024 },
      ],
    });

    // The same card button clicked again: no second case, the client is told the reference.
    expect(await h.texts(confirm)).toMatch(new RegExp(`already been filed under reference ${record!.reference}|už bylo podáno pod číslem ${record!.reference}`));
    expect(await services.cases.listByClient(record!.clientId)).toHaveLength(1);
  });

  it('asks for a description when the cause is "other"', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'en');
    await h.texts('I want to file a claim');
    for (const a of ['CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'skip', 'A-1', '2026-01-05', '2026-02-05', '1000 EUR', 'all', 'no', 'no', 'none', 'no']) await h.texts(a);
    expect(await h.texts('other')).toMatch(/describe briefly/);
    expect(await h.texts('The buyer disappeared with the goods.')).toMatch(/collect/);
  });
});
