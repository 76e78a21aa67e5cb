import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../helpers/dialogs.js';

type Step = [input: string, expected: RegExp];

// One full overdue-invoice notification per language: every answer, what the bot says next.
const flows: { lang: 'cs' | 'en'; steps: Step[] }[] = [
  {
    lang: 'cs',
    steps: [
      ['Potřebuji nahlásit faktury po splatnosti', /číslo vaší pojistné smlouvy/],
      ['cz-2024-10001', /^(?![\s\S]*(Strojírny|Jana Nováková))[\s\S]*CZ-2024-10001 máme v evidenci[\s\S]*Jak se jmenuje odběratel/],
      ['ACME s.r.o.', /Ve které zemi/],
      ['Česko', /IČO společnosti ACME s\.r\.o\./],
      ['270 74 358', /DIČ/],
      ['CZ27074358', /Faktura 1: jaké má číslo/],
      ['FV-2026-0042', /Kdy byla faktura FV-2026-0042 vystavena/],
      ['1. 9. 2026', /původní datum splatnosti/],
      // A typed policy number is no proof: its terms (the notification deadline) are not told.
      ['15. 10. 2026', /^(?![\s\S]*nejpozději)[\s\S]*Na jakou částku/],
      ['12 500,50 Kč', /zůstává neuhrazeno/],
      ['10 000', /další neuhrazenou fakturu/],
      ['ano', /Faktura 2: jaké má číslo/],
      ['FV-2026-0050', /vystavena/],
      ['2026-09-10', /splatnosti/],
      ['10. 10. 2026', /Na jakou částku/],
      ['3 000', /neuhrazeno/],
      ['vše', /další neuhrazenou fakturu/],
      ['ne', /prodloužení splatnosti/],
      ['ano', /Do kdy jste splatnost prodloužili/],
      ['30. 11. 2026', /Co jste zatím udělali/],
      ['Dvě upomínky a telefonát', /Rozporuje/],
      ['ne', /Koho máme/],
      ['Jana Malá', /e-mail nebo telefon/],
      ['+420 601 123 456', /Shrnutí oznámení faktur po splatnosti[\s\S]*FV-2026-0042[\s\S]*12\s500,50 CZK[\s\S]*FV-2026-0050[\s\S]*3\s000 CZK[\s\S]*Potvrďte/],
      ['Potvrdit', /podáno pod číslem:\s+\**OVD-2026-\d{6}-[0-9A-Z]{4}(?![\s\S]*Jana Nováková)/],
    ],
  },
  {
    lang: 'en',
    steps: [
      ['I need to notify you about overdue invoices', /policy number/],
      ['CZ-2023-20417', /^(?![\s\S]*(Bohemia Textil|Petr Svoboda))[\s\S]*CZ-2023-20417 is on our records[\s\S]*name of the buyer/],
      ['Baltic Trade SIA', /which country/i],
      ['Latvia', /registration number of Baltic Trade SIA/],
      ['40103564678', /VAT number/],
      ['skip', /Invoice 1: what is its number/],
      ['INV 7781', /When was invoice INV 7781 issued/],
      ['March 3rd 2026', /original due date/],
      ['2026-04-02', /^(?![\s\S]*notification deadline)[\s\S]*amount of invoice/],
      ['EUR 1,200.00', /still unpaid/],
      ['all', /another unpaid invoice/],
      ['no', /extension/],
      ['no', /What have you done/],
      ['none', /dispute/],
      ['yes', /Who should we contact/],
      ['John Smith', /e-mail address or phone/],
      ['john.smith@example.com', /Summary of your overdue-invoice notification[\s\S]*Latvia|LV/],
      ['Confirm', /filed under reference:\s+\**OVD-2026-\d{6}-[0-9A-Z]{4}(?![\s\S]*Petr Svoboda)/],
    ],
  },
];

describe('OverdueInvoiceDialog — complete flows', () => {
  it.each(flows)('files a notification in $lang with exactly the confirmed data', async ({ lang, steps }) => {
    const services = await testServices();
    const h = mainDialogHarness(services, lang);
    let last = '';
    for (const [input, expected] of steps) {
      last = await h.texts(input);
      expect(last, `after "${input}"`).toMatch(expected);
    }
    const filed = /OVD-2026-000001-[0-9A-Z]{4}/.exec(last)![0];
    const reference = /OVD-2026-\d{6}-[0-9A-Z]{4}/.exec(await h.texts(lang === 'cs' ? `jaký je stav ${filed}?` : `status of ${filed}?`))?.[0];
    expect(reference).toBe(filed);
    const record = (await services.cases.getCase(filed))!;
    expect(record.kind).toBe('overdue');
    if (lang === 'cs') {
      expect(record.data).toMatchObject({
        policyNumber: 'CZ-2024-10001',
        buyer: { name: 'ACME s.r.o.', country: 'CZ', registrationNumber: '27074358', vatId: 'CZ27074358' },
        invoices: [
          { number: 'FV-2026-0042', issueDate: '2026-09-01', dueDate: '2026-10-15', amount: 12500.5, currency: 'CZK', outstanding: 10000 },
          { number: 'FV-2026-0050', issueDate: '2026-09-10', dueDate: '2026-10-10', amount: 3000, currency: 'CZK', outstanding: 3000 },
        ],
        extension: { granted: true, newDueDate: '2026-11-30' },
        collectionSteps: 'Dvě upomínky a telefonát',
        disputed: false,
        contact: { name: 'Jana Malá', phone: expect.stringMatching(/^\+420/) },
      });
      expect(record.managerId).toBe('jana.novakova');
    } else {
      expect(record.data).toMatchObject({
        buyer: { name: 'Baltic Trade SIA', country: 'LV', registrationNumber: '40103564678' },
        invoices: [{ number: 'INV 7781', issueDate: '2026-03-03', dueDate: '2026-04-02', amount: 1200, currency: 'EUR', outstanding: 1200 }],
        extension: { granted: false },
        disputed: true,
        contact: { name: 'John Smith', email: 'john.smith@example.com' },
      });
      expect(record.data.buyer.vatId).toBeUndefined();
    }
  });
});
