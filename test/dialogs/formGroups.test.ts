import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { BusinessRegister, RegisterLookup } from '../../dialogs/businessRegister.js';
import { mainDialogHarness, testServices } from '../helpers/dialogs.js';

/** A register that knows one company, or answers the same way for every number. */
function register(answer: 'known' | RegisterLookup['status']): BusinessRegister & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async lookup(ico: string): Promise<RegisterLookup> {
      asked.push(ico);
      if (answer === 'known' && ico === '27074358') {
        return { status: 'found', company: { registrationNumber: ico, name: 'Asseco Central Europe, a.s.', country: 'CZ', vatId: 'CZ27074358', address: 'Türkova 2319/5b, 14900 Praha' } };
      }
      return { status: answer === 'known' ? 'notFound' : answer } as RegisterLookup;
    },
  };
}

type Card = { body: { id?: string; value?: string; items?: unknown }[]; actions: { title: string; data: Record<string, unknown> }[] };
const cardOf = (replies: Partial<Activity>[]): Card | undefined =>
  replies.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Card | undefined;
const textOf = (replies: Partial<Activity>[]) => replies.map((a) => a.text ?? '').join('\n');
/** Every input of a card, also inside column sets. */
function inputs(card: Card): Record<string, string | undefined> {
  const found: Record<string, string | undefined> = {};
  const walk = (items: unknown) => {
    for (const item of (items as Record<string, unknown>[]) ?? []) {
      if (typeof item.id === 'string') found[item.id] = item.value as string | undefined;
      walk(item.items);
      walk(item.columns);
    }
  };
  walk(card.body);
  return found;
}

describe('report forms in few turns: text questions that take several answers', () => {
  it('files an overdue notice in 10 client turns when the client gives several answers per message (cs, no cards)', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'cs');
    const turns: [string, RegExp][] = [
      ['Chci nahlásit fakturu po splatnosti', /číslo vaší pojistné smlouvy/],
      ['CZ-2024-10001', /Jak se jmenuje odběratel[\s\S]*v jedné zprávě/],
      ['Pekárna Novák s.r.o., IČO 27074358, DIČ CZ27074358', /Faktura 1: jaké má číslo\?[\s\S]*na samostatný řádek/],
      ['FV-118, 2. 3. 2026, 1. 4. 2026, 48 000 Kč\nFV-119, 5. 3. 2026, 4. 4. 2026, 12 500 Kč', /další neuhrazenou fakturu/],
      ['ne', /prodloužení splatnosti/],
      ['ne', /Co jste zatím udělali/],
      ['dvě upomínky', /Rozporuje/],
      ['ne', /Koho máme v této věci kontaktovat\?[\s\S]*e-mail nebo telefon/],
      ['Eva Krátká, eva@pekarna.cz', /Shrnutí[\s\S]*FV-118[\s\S]*Zbývá uhradit: 48\s000 CZK[\s\S]*FV-119[\s\S]*12\s500 CZK[\s\S]*Eva Krátká, eva@pekarna\.cz/],
      ['Potvrdit', /podáno pod číslem:\s+\*\*OVD-/],
    ];
    for (const [input, next] of turns) expect(await h.texts(input), `after "${input}"`).toMatch(next);
    expect(turns).toHaveLength(10);
    const [record] = await services.cases.listByClient('strojirny-morava');
    expect(record!.data).toMatchObject({
      buyer: { name: 'Pekárna Novák s.r.o.', country: 'CZ', registrationNumber: '27074358', vatId: 'CZ27074358' },
      invoices: [
        { number: 'FV-118', issueDate: '2026-03-02', dueDate: '2026-04-01', amount: 48000, currency: 'CZK', outstanding: 48000 },
        { number: 'FV-119', issueDate: '2026-03-05', dueDate: '2026-04-04', amount: 12500, currency: 'CZK', outstanding: 12500 },
      ],
      contact: { name: 'Eva Krátká', email: 'eva@pekarna.cz' },
    });
  });

  it('reads invoices pasted as the rows of a spreadsheet table, header and tabs included', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'en');
    for (const input of ['I need to notify overdue invoices', 'CZ-2023-20417', 'Nordic Parts AB']) await h.texts(input);
    await h.texts('SE');
    // The VAT question's example follows the buyer's country.
    expect(await h.texts('5560000001')).toMatch(/VAT number of Nordic Parts AB\? It starts with the country code SE\./);
    await h.texts('skip');
    const table = 'Invoice\tIssued\tDue\tAmount\nNP-1\t10/01/2026\t10/02/2026\t9800 EUR\nNP-2\t15/01/2026\t15/02/2026\t1200 EUR';
    expect(await h.texts(table)).toMatch(/another unpaid invoice/);
    for (const input of ['no', 'no', 'none', 'no']) await h.texts(input);
    const summary = await h.texts('Anna Berg, +46 70 123 45 67');
    expect(summary).toMatch(/NP-1[\s\S]*9,800 EUR[\s\S]*NP-2[\s\S]*1,200 EUR/);
    // A foreign buyer: its country by name and no Czech "IČO" label; a past due date is flagged.
    expect(summary).toMatch(/Country: Sweden/);
    expect(summary).toMatch(/Registration no\.: 5560000001/);
    expect(summary).not.toMatch(/IČO/);
    expect(summary).toMatch(/Due: 10 February 2026 \(288 days overdue\)/);
    expect(summary).toMatch(/Anna Berg, \+46 70 123 45 67/);
  });

  it('a lone answer typed at a card is the answer to the question asked, never moved to another field', async () => {
    const h = mainDialogHarness(await testServices(), 'en', { channelId: 'webchat' });
    for (const input of ['I need to notify overdue invoices', 'CZ-2023-20417', 'ACME s.r.o., IČO 27074358, VAT CZ27074358']) await h.texts(input);
    expect(await h.texts('F-1')).toMatch(/When was invoice F-1 issued/);
    // One date alone would read as a due date; here it answers the issue-date question.
    expect(await h.texts('2. 3. 2026')).toMatch(/original due date of invoice F-1/);
    expect(await h.texts('1. 4. 2026')).toMatch(/amount of invoice F-1/);
  });

  it('takes the complete invoice lines and says which lines it did not take yet', async () => {
    const h = mainDialogHarness(await testServices(), 'en');
    for (const input of ['I need to notify overdue invoices', 'CZ-2023-20417', 'ACME s.r.o., IČO 27074358, VAT CZ27074358']) await h.texts(input);
    const reply = await h.texts('A-1, 2. 3. 2026, 1. 4. 2026, 100 EUR\nA-2, 5. 3. 2026\nA-3, 5. 3. 2026, 4. 4. 2026, 300 EUR');
    expect(reply).toMatch(/One more invoice line was not taken yet/);
    expect(reply).toMatch(/invoice A-2/);
  });
});

describe('report forms in few turns: Adaptive Card forms where cards render', () => {
  it('files a claim on Web Chat with card forms, the buyer filled in from the register by its IČO, and wrong answers corrected in the same card', async () => {
    const ares = register('known');
    const services = await testServices({ businessRegister: ares });
    const h = mainDialogHarness(services, 'en', { channelId: 'webchat' });
    let card: Card | undefined;
    const submit = async (values: Record<string, string>, extra: Record<string, unknown> = {}) => {
      const action = card!.actions.find((a) => a.data.more !== true)!;
      const replies = await h.say({ type: 'message', value: { ...action.data, ...extra, ...values } });
      card = cardOf(replies);
      return replies;
    };
    await h.say('I want to report a claim');
    let replies = await h.say('CZ-2024-10001');
    card = cardOf(replies);
    expect(Object.keys(inputs(card!))).toEqual(['buyerCountry', 'buyerRegistrationNumber', 'buyerName', 'buyerVatId']);
    expect(textOf(replies)).toMatch(/name of the buyer/);

    replies = await submit({ buyerCountry: 'CZ', buyerRegistrationNumber: '27074358', buyerName: '', buyerVatId: '' });
    expect(ares.asked).toEqual(['27074358']);
    expect(textOf(replies)).toMatch(/Found in the business register \(ARES\): Asseco Central Europe, a\.s\., Türkova 2319\/5b, 14900 Praha, VAT number CZ27074358/);
    expect(Object.keys(inputs(card!))).toEqual(['invoiceNumber', 'invoiceIssueDate', 'invoiceDueDate', 'invoiceAmount', 'invoiceCurrency', 'invoiceOutstanding']);
    expect(card!.actions.map((a) => a.title)).toEqual(['Continue', 'Save and add another invoice']);

    // A due date before the issue date: said, and the same card again with what was typed.
    replies = await submit({ invoiceNumber: 'FV-118', invoiceIssueDate: '2026-03-02', invoiceDueDate: '2026-02-01', invoiceAmount: '48000', invoiceCurrency: 'CZK', invoiceOutstanding: '' });
    expect(textOf(replies)).toMatch(/due date cannot be before the issue date/);
    expect(inputs(card!)).toMatchObject({ invoiceNumber: 'FV-118', invoiceIssueDate: '2026-03-02', invoiceDueDate: '2026-02-01' });
    replies = await submit({ invoiceNumber: 'FV-118', invoiceIssueDate: '2026-03-02', invoiceDueDate: '2026-04-01', invoiceAmount: '48000', invoiceCurrency: 'CZK', invoiceOutstanding: '' });
    expect(Object.keys(inputs(card!))).toEqual(['extension', 'extensionDate', 'collectionSteps', 'disputed', 'cause', 'causeDetail', 'startCollection']);

    // "Yes" to an extension needs the new date: only that is asked again.
    replies = await submit({ extension: 'Yes', extensionDate: '', collectionSteps: 'two reminders', disputed: 'No', cause: 'Insolvency of the buyer', causeDetail: '', startCollection: 'Yes' });
    expect(textOf(replies)).toMatch(/Until when did you extend|date/i);
    replies = await submit({ extension: 'Yes', extensionDate: '2026-05-01', collectionSteps: 'two reminders', disputed: 'No', cause: 'Insolvency of the buyer', causeDetail: '', startCollection: 'Yes' });
    expect(textOf(replies)).toMatch(/insolvency papers/);
    replies = await h.say('done');
    card = cardOf(replies);
    expect(Object.keys(inputs(card!))).toEqual(['contactName', 'contactEmail', 'contactPhone']);
    replies = await submit({ contactName: 'Eva Krátká', contactEmail: 'eva@pekarna.cz', contactPhone: '601123456' });
    const summary = JSON.stringify(card);
    expect(summary).toContain('Registered office');
    expect(summary).toContain('Türkova 2319/5b, 14900 Praha');
    expect(summary).toContain('Czechia');
    expect(summary).toContain('+420 601 123 456');
    const confirm = card!.actions.find((a) => a.data.action === 'confirm')!;
    expect(textOf(await h.say({ type: 'message', value: confirm.data }))).toMatch(/filed under reference:\s+\*\*CLM-/);
    const [record] = await services.cases.listByClient('strojirny-morava');
    expect(record!.data).toMatchObject({
      buyer: { name: 'Asseco Central Europe, a.s.', registrationNumber: '27074358', vatId: 'CZ27074358', address: 'Türkova 2319/5b, 14900 Praha' },
      invoices: [{ number: 'FV-118', outstanding: 48000 }],
      extension: { granted: true, newDueDate: '2026-05-01' },
      cause: 'insolvency',
      startCollection: true,
      contact: { name: 'Eva Krátká', email: 'eva@pekarna.cz', phone: expect.stringMatching(/601\s?123\s?456/) },
    });
  });

  it('"add another invoice" opens the next invoice\'s card; a card of an earlier form is not used', async () => {
    const h = mainDialogHarness(await testServices(), 'cs', { channelId: 'webchat' });
    await h.say('Chci nahlásit fakturu po splatnosti');
    await h.say('CZ-2024-10001');
    const first = cardOf(await h.say('ACME s.r.o., IČO 27074358, DIČ CZ27074358'))!;
    expect(JSON.stringify(first.body)).toContain('Faktura 1');
    const more = first.actions.find((a) => a.data.more === true)!;
    const second = cardOf(await h.say({ type: 'message', value: { ...more.data, invoiceNumber: 'F-1', invoiceIssueDate: '2026-09-01', invoiceDueDate: '2026-10-01', invoiceAmount: '20 000', invoiceCurrency: 'CZK' } }))!;
    expect(JSON.stringify(second.body)).toContain('Faktura 2');
    // The currency of the previous invoice is offered first.
    expect(inputs(second).invoiceCurrency).toBe('CZK');
    const stale = await h.texts({ type: 'message', value: { ...more.data, formId: 'another-form', invoiceNumber: 'X-9' } });
    expect(stale).toMatch(/patří k dřívějšímu kroku nebo hlášení/);
    // The first invoice's card clicked again while the second is asked: not used for the second.
    const again = await h.say({ type: 'message', value: { ...more.data, invoiceNumber: 'F-1', invoiceIssueDate: '2026-09-01', invoiceDueDate: '2026-10-01', invoiceAmount: '20 000', invoiceCurrency: 'CZK' } });
    expect(again.map((a) => a.text).join('\n')).toMatch(/patří k dřívějšímu kroku/);
    expect(inputs(cardOf(again)!).invoiceNumber).toBeUndefined();
  });

  it.each([
    ['notFound' as const, /IČO 12345679 v obchodním rejstříku \(ARES\) není[\s\S]*Jak se jmenuje odběratel/],
    ['unavailable' as const, /Obchodní rejstřík \(ARES\) teď není dostupný[\s\S]*Jak se jmenuje odběratel/],
  ])('register answers %s: the form goes on and asks for the name', async (answer, expected) => {
    const services = await testServices({ businessRegister: register(answer) });
    const h = mainDialogHarness(services, 'cs');
    await h.texts('Chci nahlásit fakturu po splatnosti');
    expect(await h.texts('CZ-2024-10001')).toMatch(/dohledám v obchodním rejstříku/);
    // A number with a valid checksum that the register does not know, or cannot be asked about.
    const reply = await h.texts('IČO 12345679');
    expect(reply).toMatch(expected);
    // The name and the VAT number in one message at the name question.
    expect(await h.texts('Strojírny Brno a.s., DIČ CZ12345679')).toMatch(/Faktura 1: jaké má číslo/);
  });

  it('a corrected card replaces the values of the rejected one (a due date kept from it does not survive), and each reason names its input', async () => {
    const h = mainDialogHarness(await testServices(), 'en', { channelId: 'webchat' });
    for (const input of ['I need to notify overdue invoices', 'CZ-2023-20417', 'ACME s.r.o., IČO 27074358, VAT CZ27074358']) await h.say(input);
    const card = cardOf(await h.say('F-1'))!;
    const submit = card.actions.find((a) => a.data.more === false)!.data;
    const rejected = await h.texts({ type: 'message', value: { ...submit, invoiceNumber: 'F-1', invoiceIssueDate: '2027-01-10', invoiceDueDate: '2027-02-10', invoiceAmount: '1000', invoiceCurrency: 'EUR' } });
    expect(rejected).toMatch(/^Issued: /m);
    await h.say({ type: 'message', value: { ...submit, invoiceNumber: 'F-1', invoiceIssueDate: '2026-09-10', invoiceDueDate: '2026-10-10', invoiceAmount: '1000', invoiceCurrency: 'EUR' } });
    await h.say('no');
    await h.say('none');
    const contact = cardOf(await h.say('no'))!;
    const summary = JSON.stringify(cardOf(await h.say({ type: 'message', value: { ...contact.actions[0]!.data, contactName: 'Jan Novák', contactEmail: 'jan@acme.cz' } })));
    expect(summary).toContain('10 October 2026');
    expect(summary).not.toContain('2027');
  });
});

describe('report forms: what careless clients write', () => {
  it('reads a part payment on the invoice line, contact details without commas, invoice lines at "another invoice?", "ano" at the summary', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'cs');
    for (const input of ['Chci nahlásit fakturu po splatnosti', 'CZ-2024-10001', 'ACME s.r.o., IČO 27074358, DIČ CZ27074358']) await h.texts(input);
    expect(await h.texts('FV-1, 2. 3. 2026, 1. 4. 2026, 48 000 Kč, nezaplaceno 20 000')).toMatch(/další neuhrazenou fakturu/);
    // The next invoice's line instead of "ano".
    expect(await h.texts('FV-2, 5. 3. 2026, 4. 4. 2026, 10 000 Kč, uhrazeno 4 000')).toMatch(/další neuhrazenou fakturu/);
    for (const input of ['ne', 'ne', 'dvě upomínky']) await h.texts(input);
    await h.texts('ne');
    const summary = await h.texts('petra dvorakova petra.dvorakova@seznam.cz 777888999');
    expect(summary).toMatch(/FV-1[^\n]*Zbývá uhradit: 20\s000 CZK/);
    expect(summary).toMatch(/FV-2[^\n]*Zbývá uhradit: 6\s000 CZK/);
    expect(summary).toMatch(/Kontaktní osoba: petra dvorakova, petra\.dvorakova@seznam\.cz, \+420 777 888 999/);
    expect(await h.texts('ano')).toMatch(/podáno pod číslem/);
  });

  it('a card form of a step clicked after the report was filed is answered, not taken for a question', async () => {
    const h = mainDialogHarness(await testServices(), 'en', { channelId: 'webchat' });
    for (const input of ['I need to notify overdue invoices', 'CZ-2023-20417']) await h.say(input);
    const buyer = cardOf(await h.say('ACME s.r.o., IČO 27074358, VAT CZ27074358, F-1, 2. 3. 2026, 1. 4. 2026, 100 EUR'))!;
    const stale = buyer.actions[0]!.data;
    await h.say('cancel');
    await h.say('yes');
    expect(await h.texts({ type: 'message', value: { ...stale, invoiceNumber: 'F-9' } })).toMatch(/That form is no longer active/);
  });

  it('"smlouva" in the list of details to change is the policy, not a request for a person; "zmenit udaj" opens the list', async () => {
    const h = mainDialogHarness(await testServices(), 'cs');
    for (const input of ['Chci nahlásit fakturu po splatnosti', 'CZ-2024-10001', 'ACME s.r.o., IČO 27074358, DIČ CZ27074358', 'FV-1, 2. 3. 2026, 1. 4. 2026, 48 000 Kč', 'ne', 'ne', 'nic', 'ne', 'Jan Novák, jan@acme.cz']) await h.texts(input);
    expect(await h.texts('zmenit udaj')).toMatch(/Který údaj chcete změnit/);
    expect(await h.texts('smlouva')).toMatch(/číslo vaší pojistné smlouvy/);
  });
});

describe('a policy number inside a sentence', () => {
  it.each([
    ['en', 'its CZ-2024-10001', /policy CZ-2024-10001 is on our records/],
    ['cs', 'je to cz 2024 10001 prosim', /smlouvu CZ-2024-10001 máme v evidenci/],
  ] as const)('%s: "%s"', async (lang, answer, expected) => {
    const h = mainDialogHarness(await testServices(), lang);
    await h.texts(lang === 'cs' ? 'Chci nahlásit fakturu po splatnosti' : 'I need to notify an overdue invoice');
    expect(await h.texts(answer)).toMatch(expected);
  });

  it('is noted from the first message without a label', async () => {
    const h = mainDialogHarness(await testServices(), 'cs');
    expect(await h.texts('nahlaseni skody CZ-2024-10001')).toMatch(/poznamenal: Pojistná smlouva: CZ-2024-10001/);
  });
});
