import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractReportFields, extractionSchema, MAX_EXTRACTION_LENGTH } from '../../../dialogs/extraction/offlineExtractor.js';
import { partialReportSchema, type PartialReport } from '../../../dialogs/reportSchemas.js';

const today = '2026-11-25';
const extract = (text: string): PartialReport => extractReportFields(text, { today });

describe('extractReportFields — the reference message', () => {
  it('reads buyer, IČO, invoice, amount and a due date without a year', () => {
    const text = 'ACME s.r.o., IČO 27074358, nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.';
    expect(extract(text)).toEqual({
      buyer: { name: 'ACME s.r.o.', country: 'CZ', registrationNumber: '27074358' },
      invoices: [{ number: '2024-118', dueDate: '2026-03-03', amount: 12500, currency: 'EUR' }],
    });
  });

  it('passes the partial report schema, which the LLM path shares', () => {
    expect(extractionSchema).toBe(partialReportSchema);
    const result = extract('ACME s.r.o., IČO 27074358, nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.');
    expect(partialReportSchema.parse(result)).toEqual(result);
  });
});

type InvoiceFields = NonNullable<PartialReport['invoices']>[number];

describe('extractReportFields — amounts', () => {
  it.each([
    ['Odběratel nezaplatil 12 500,50 Kč.', { amount: 12500.5, currency: 'CZK' }],
    ['invoice for EUR 1,200.00', { amount: 1200, currency: 'EUR' }],
    ['fakturu na 1 200,- Kč', { amount: 1200, currency: 'CZK' }],
    ['částka €1 200', { amount: 1200, currency: 'EUR' }],
    ['an invoice of $ 3,000', { amount: 3000, currency: 'USD' }],
    ['dluh 12.500,50 EUR', { amount: 12500.5, currency: 'EUR' }],
    ['dluh 150 tis. Kč', { amount: 150000, currency: 'CZK' }],
    ['amount 1200 CHF', { amount: 1200, currency: 'CHF' }],
    ['zboží za 2 000 zł', { amount: 2000, currency: 'PLN' }],
    ['ve výši 12 500', { amount: 12500 }], // a keyword makes a bare number an amount
    ['celkem: 9 999,99', { amount: 9999.99 }],
  ] as Array<[string, InvoiceFields]>)('%j → %o', (text, invoice) => {
    expect(extract(text).invoices).toEqual([invoice]);
  });

  it.each([
    'Mám 3 faktury po splatnosti.', // a count, not an amount
    'faktura 2024-118',
    'Volejte 601 123 456.',
    'for 500 days',
    '12 500 abc',
  ])('leaves out numbers that are not amounts: %j', (text) => {
    expect(extract(text).invoices?.some((invoice) => invoice.amount !== undefined) ?? false).toBe(false);
  });

  it('reads the outstanding part apart from the invoice amount', () => {
    expect(extract('Faktura 118 na 12 000 Kč, zbývá doplatit 5 000 Kč.').invoices).toEqual([
      { number: '118', amount: 12000, currency: 'CZK', outstanding: 5000 },
    ]);
    expect(extract('Invoice 9 of EUR 2,000.00, outstanding EUR 500.00').invoices).toEqual([
      { number: '9', amount: 2000, currency: 'EUR', outstanding: 500 },
    ]);
  });

  it.each([
    ['Odběratel nám dluží 1 200,- Kč.', { outstanding: 1200, currency: 'CZK' }],
    ['ACME dluží 50 000 Kč', { outstanding: 50000, currency: 'CZK' }],
    ['The buyer still owes us $ 3,000.', { outstanding: 3000, currency: 'USD' }],
    ['zbývající částka 2 000 zł', { outstanding: 2000, currency: 'PLN' }],
  ] as Array<[string, InvoiceFields]>)('reads what is owed as the outstanding amount: %j', (text, invoice) => {
    expect(extract(text).invoices).toEqual([invoice]);
  });

  it('drops an outstanding amount above the invoice amount', () => {
    expect(extract('faktura 5 na 1 000 Kč, zůstatek 2 000 Kč').invoices).toEqual([{ number: '5', amount: 1000, currency: 'CZK' }]);
  });
});

describe('extractReportFields — dates', () => {
  it.each([
    ['faktura 118 splatná 3. 3. 2026', { number: '118', dueDate: '2026-03-03' }],
    ['faktura 118 se splatností 3.3.', { number: '118', dueDate: '2026-03-03' }],
    ['invoice INV-5 due March 3rd 2026', { number: 'INV-5', dueDate: '2026-03-03' }],
    ['invoice INV-5 due on 3 March 2026', { number: 'INV-5', dueDate: '2026-03-03' }],
    ['faktura 7 splatná do 15. ledna', { number: '7', dueDate: '2026-01-15' }],
    ['faktura 7 splatna do 15. ledna 2026', { number: '7', dueDate: '2026-01-15' }],
    ['faktura 7 splatná 10. 12.', { number: '7', dueDate: '2026-12-10' }], // due soon, this year
    ['faktura 7 vystavená 1. 2. 2026', { number: '7', issueDate: '2026-02-01' }],
    ['faktura 7 ze dne 10. 12.', { number: '7', issueDate: '2025-12-10' }], // issued: never in the future
    ['invoice 7 issued 02/01/2026, due 03/03/2026', { number: '7', issueDate: '2026-01-02', dueDate: '2026-03-03' }],
    ['invoice 7 dated 1 Feb 2026 payable by 3 Mar 2026', { number: '7', issueDate: '2026-02-01', dueDate: '2026-03-03' }],
    // two unlabelled dates of one invoice: issue and due, in date order
    ['faktura 7, 3. 3. 2026, 1. 2. 2026', { number: '7', issueDate: '2026-02-01', dueDate: '2026-03-03' }],
    // one unlabelled date is left for the dialog to ask about
    ['faktura 7 z 3. 3. 2026', { number: '7' }],
  ] as Array<[string, InvoiceFields]>)('%j → %o', (text, invoice) => {
    expect(extract(text).invoices).toEqual([invoice]);
  });

  it('leaves out a new due date after an extension and keeps the original one', () => {
    expect(extract('Prodloužili jsme splatnost do 15. 12.; původně splatná 15. 10. Faktura 99 na 500 EUR.').invoices).toEqual([
      { number: '99', dueDate: '2026-10-15', amount: 500, currency: 'EUR' },
    ]);
    expect(extract('faktura 5, due date extended to 20 January 2027').invoices).toEqual([{ number: '5' }]);
  });

  it('skips impossible dates', () => {
    expect(extract('faktura 5 splatná 31. 2. 2026').invoices).toEqual([{ number: '5' }]);
    expect(extract('faktura 5 splatná 29. 2. 2025').invoices).toEqual([{ number: '5' }]);
    expect(extract('faktura 5 splatná 29. 2. 2024').invoices).toEqual([{ number: '5', dueDate: '2024-02-29' }]);
  });
});

describe('extractReportFields — invoice numbers', () => {
  it.each([
    ['fakturu 2024-118', ['2024-118']],
    ['faktura č. FV-2024/118', ['FV-2024/118']],
    ['faktury č. 118 a 119', ['118', '119']],
    ['Fa 2024001', ['2024001']],
    ['invoice #INV-2024-77', ['INV-2024-77']],
    ['invoice no. 77.', ['77']],
    ['inv. 12345', ['12345']],
    ['invoices 101, 102 and 103', ['101', '102', '103']],
    ['faktury 101, 102, 103', ['101', '102', '103']],
    ['faktura ze dne 3. 3. 2026', []],
    ['fakturu na 12 500 Kč', []],
    ['faktura 118 a faktura 118 znovu', ['118']],
    ['fakturace2024 a inventory 5', []],
    ['faktura FA2024001', ['FA2024001']],
    ['faktura 5, 3 dny po splatnosti', ['5']],
  ])('%j → %o', (text, numbers) => {
    expect((extract(text).invoices ?? []).flatMap((invoice) => (invoice.number === undefined ? [] : [invoice.number]))).toEqual(numbers);
  });

  it('pairs several invoices with their amounts and dates in order', () => {
    expect(extract('invoices 101, 102 and 103 of 1 000 EUR, 2 000 EUR and 3 000 EUR').invoices).toEqual([
      { number: '101', amount: 1000, currency: 'EUR' },
      { number: '102', amount: 2000, currency: 'EUR' },
      { number: '103', amount: 3000, currency: 'EUR' },
    ]);
    expect(extract('faktury 101, 102 a 103 splatné 1. 3. 2026, 1. 4. 2026 a 1. 5. 2026').invoices).toEqual([
      { number: '101', dueDate: '2026-03-01' },
      { number: '102', dueDate: '2026-04-01' },
      { number: '103', dueDate: '2026-05-01' },
    ]);
  });

  it('gives a value to the invoice named last before it when the counts differ', () => {
    const text = 'faktura 1 na 1 000 Kč splatná 1. 3. 2026, faktura 2 na 2 000 Kč splatná 1. 4. 2026, faktura 3 splatná 1. 5. 2026';
    expect(extract(text).invoices).toEqual([
      { number: '1', dueDate: '2026-03-01', amount: 1000, currency: 'CZK' },
      { number: '2', dueDate: '2026-04-01', amount: 2000, currency: 'CZK' },
      { number: '3', dueDate: '2026-05-01' },
    ]);
  });
});

describe('extractReportFields — policy number', () => {
  it.each([
    ['pojistka č. P-2024-0001', 'P-2024-0001'],
    ['Pojistná smlouva č. P-2024-0001', 'P-2024-0001'],
    ['pojistné smlouvy číslo 123456', '123456'],
    ['číslo pojistky P-2024-0001', 'P-2024-0001'],
    ['smlouva č. ab-12', 'AB-12'],
    ['policy no. P-2024-0001', 'P-2024-0001'],
    ['policy number: P-2024-0001', 'P-2024-0001'],
    ['Policy #P-2024-0001', 'P-2024-0001'],
    ['policy P-2024-0001', 'P-2024-0001'],
  ])('%j → %s', (text, policyNumber) => {
    expect(extract(text).policyNumber).toBe(policyNumber);
  });

  it.each(['pojistku jsme uzavřeli loni', 'smlouvy o dílo', 'policy holder', 'P-2024-0001 bez označení'])(
    'leaves out %j',
    (text) => {
      expect(extract(text).policyNumber).toBeUndefined();
    },
  );

  it('does not take the policy number for an invoice number or an amount', () => {
    expect(extract('pojistka č. 2024-0001, faktura 55 na 100 EUR')).toEqual({
      policyNumber: '2024-0001',
      invoices: [{ number: '55', amount: 100, currency: 'EUR' }],
    });
  });
});

describe('extractReportFields — buyer name', () => {
  it.each([
    ['ACME s.r.o.'],
    ['ACME s. r. o.'],
    ['ACME, s.r.o.'],
    ['Novák a syn, spol. s r.o.'],
    ['Beta Trade a.s.'],
    ['Beta a. s.'],
    ['Hruška v.o.s.'],
    ['Kos k.s.'],
    ['Gamma Industries GmbH'],
    ['Müller GmbH & Co. KG'],
    ['Delta Ltd'],
    ['Delta Ltd.'],
    ['Epsilon LLC'],
    ['Zeta Inc.'],
    ['Polonia Sp. z o.o.'],
    ['Magyar Kft.'],
    ['Velká Energie SE'],
    ['Státní Podnik s.p.'],
    ['Spolek Přátel z.s.'],
    ['Siemens AG'],
  ])('Dobrý den, %s nám nezaplatil fakturu.', (name) => {
    expect(extract(`Dobrý den, ${name} nám nezaplatil fakturu.`).buyer?.name).toBe(name);
  });

  it.each([
    ['Odběratel ACME s.r.o. nezaplatil.', 'ACME s.r.o.'],
    ['Náš odběratel Beta nezaplatil.', 'Beta'],
    ['Náš odběratel "Kovo Plus" nám dluží 50 000 Kč.', 'Kovo Plus'],
    ['buyer: Acme Corporation, reg. no. 27074358', 'Acme Corporation'],
    ['Our buyer, Gamma Industries GmbH, has not paid.', 'Gamma Industries GmbH'],
    ['Firma Jasan s.r.o. se nám neozývá', 'Jasan s.r.o.'],
    ['nezaplatila acme s.r.o.', 'acme s.r.o.'],
    ['dlužník SK2020317068 Kovo s.r.o.', 'Kovo s.r.o.'],
    ['IČO 27074359 ACME s.r.o.', 'ACME s.r.o.'],
    // the client's own company is not the buyer
    ['Jsme Omega s.r.o. a náš odběratel Sigma spol. s r.o. nezaplatil.', 'Sigma spol. s r.o.'],
    ['We are Alpha s.r.o. and Beta GmbH did not pay.', 'Beta GmbH'],
  ])('%j → %s', (text, name) => {
    expect(extract(text).buyer?.name).toBe(name);
  });

  it.each([
    'se nám to nelíbí', // "se" is a word, not SE
    'Odběratel nám nezaplatil.',
    'as agreed',
    'customer service',
  ])('leaves out %j', (text) => {
    expect(extract(text).buyer?.name).toBeUndefined();
  });
});

describe('extractReportFields — IČO, VAT id and country', () => {
  it.each([
    ['IČO 27074358', { registrationNumber: '27074358', country: 'CZ' }],
    ['IČO: 270 74 358', { registrationNumber: '27074358', country: 'CZ' }],
    ['IČ 27074358', { registrationNumber: '27074358', country: 'CZ' }],
    ['reg. no. 27074358', { registrationNumber: '27074358', country: 'CZ' }],
    ['ičo 0064581', { registrationNumber: '00064581', country: 'CZ' }],
    ['ACME s.r.o. 27074358 nezaplatila', { name: 'ACME s.r.o.', registrationNumber: '27074358', country: 'CZ' }],
    ['DIČ CZ27074358', { vatId: 'CZ27074358', registrationNumber: '27074358', country: 'CZ' }],
    ['DIČ: CZ 270 74 358 a další', { vatId: 'CZ27074358', registrationNumber: '27074358', country: 'CZ' }],
    ['VAT DE123456789', { vatId: 'DE123456789', country: 'DE' }],
    ['VAT no. ATU12345678', { vatId: 'ATU12345678', country: 'AT' }],
    ['SK2020317068', { vatId: 'SK2020317068', country: 'SK' }],
    ['IČ DPH SK2020317068', { vatId: 'SK2020317068', country: 'SK' }],
    ['NIP PL1234567890', { vatId: 'PL1234567890', country: 'PL' }],
    ['ičo 27074358 a DIČ SK2020317068', { registrationNumber: '27074358', vatId: 'SK2020317068', country: 'SK' }],
    ['VAT GB123456789', { vatId: 'GB123456789' }], // outside the EU list: no country guessed
  ])('%j → %o', (text, buyer) => {
    expect(extract(text).buyer).toEqual(buyer);
  });

  it.each([
    'IČO 27074359', // checksum fails
    'DIČ CZ27074359',
    '12345678', // a bare number that fails the checksum
    '27074358 a 00064581', // two candidates: which one?
    'faktura 27074358', // an invoice number, not an IČO
    'de 123456789', // lower-case prefix without a label
    'dictionary 5', // a label must be a whole word
    'vatican AB12345',
  ])('leaves out %j', (text) => {
    const buyer = extract(text).buyer;
    expect(buyer?.registrationNumber).toBeUndefined();
    expect(buyer?.vatId).toBeUndefined();
  });
});

describe('extractReportFields — dispute', () => {
  it.each([
    ['Odběratel s fakturou nesouhlasí.', true],
    ['Odběratel rozporuje fakturu.', true],
    ['Odběratel reklamuje zboží.', true],
    ['The buyer disputes the invoice.', true],
    ['The buyer does not agree with the invoice.', true],
    ["The buyer doesn't agree.", true],
    ['Odběratel fakturu nerozporuje.', false],
    ['Odběratel dluh uznal.', false],
    ['odběratel uznal dluh', false],
    ['The buyer does not dispute the debt.', false],
    ["The buyer doesn't dispute it.", false],
    ['The buyer acknowledged the debt.', false],
    ['Nesouhlasí s fakturou, ale dluh uznal.', undefined], // both: the dialog asks
    ['Odběratel nezaplatil.', undefined],
  ])('%j → %s', (text, disputed) => {
    expect(extract(text).disputed).toBe(disputed);
  });
});

describe('extractReportFields — whole messages', () => {
  it('reads a Czech report', () => {
    const text =
      'Dobrý den, pojistka č. P-2024-0001. Odběratel Beta Trade a.s. (DIČ CZ27074358) nezaplatil fakturu č. FV-2024/118 na 12 500,50 Kč vystavenou 1. 2. 2026 splatnou 3. 3. 2026, dluží z ní ještě 10 000 Kč. Fakturu nerozporuje.';
    expect(extract(text)).toEqual({
      policyNumber: 'P-2024-0001',
      buyer: { name: 'Beta Trade a.s.', country: 'CZ', registrationNumber: '27074358', vatId: 'CZ27074358' },
      invoices: [
        { number: 'FV-2024/118', issueDate: '2026-02-01', dueDate: '2026-03-03', amount: 12500.5, currency: 'CZK', outstanding: 10000 },
      ],
      disputed: false,
    });
  });

  it('reads an English report', () => {
    const text =
      'Policy no. P-2024-0001. Our buyer, Gamma Industries GmbH, VAT DE123456789, has not paid invoice #INV-2024-77 for EUR 1,200.00 due on March 3rd 2026. He disputes the invoice.';
    expect(extract(text)).toEqual({
      policyNumber: 'P-2024-0001',
      buyer: { name: 'Gamma Industries GmbH', country: 'DE', vatId: 'DE123456789' },
      invoices: [{ number: 'INV-2024-77', dueDate: '2026-03-03', amount: 1200, currency: 'EUR' }],
      disputed: true,
    });
  });

  it('returns an empty report for a message with nothing to read', () => {
    expect(extract('Dobrý den, potřebuji poradit.')).toEqual({});
    expect(extract('')).toEqual({});
  });
});

describe('extractReportFields — robustness', () => {
  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate inside a report', 'ACME s.r.o.\udc00 IČO 27074358, faktura 1 na 100\ud800 EUR'],
    ['a 10 kB message', 'x'.repeat(10_000)],
    ['a 10 kB message of digits and separators', '1.2, '.repeat(2_000)],
    ['a 10 kB message of legal forms', 'A s.r.o. '.repeat(1_200)],
    ['a 10 kB message of labels', 'faktura č. IČO DIČ pojistka splatná '.repeat(300)],
    ['a message beyond the length limit', 'faktura 1 '.repeat(MAX_EXTRACTION_LENGTH)],
    ['control characters', '\u0000\u0001\u001f faktura\u0007 1'],
    ['right-to-left and combining marks', '\u202eACME s.r.o.\u202c c\u030c. 5'],
  ])('handles %s', (_label, text) => {
    // How long it takes is the bench's business; that no pattern backtracks super-linearly
    // is checked statically by test/platform/regexComplexity.test.ts.
    const result = extract(text);
    expect(() => partialReportSchema.parse(result)).not.toThrow();
  });

  it('reads a report in the middle of 10 kB of noise', () => {
    const text = `${'bla '.repeat(1_250)}ACME s.r.o., IČO 27074358, faktura 2024-118 na 12 500 EUR splatná 3. 3. ${'bla '.repeat(1_250)}`;
    expect(extract(text)).toEqual({
      buyer: { name: 'ACME s.r.o.', country: 'CZ', registrationNumber: '27074358' },
      invoices: [{ number: '2024-118', dueDate: '2026-03-03', amount: 12500, currency: 'EUR' }],
    });
  });

  it('reads letters typed as base + combining mark like precomposed ones', () => {
    expect(extract('IC\u030CO 27074358').buyer).toEqual({ registrationNumber: '27074358', country: 'CZ' });
  });

  it('throws RangeError only for a malformed reference date', () => {
    expect(() => extractReportFields('faktura 1', { today: '25. 11. 2026' })).toThrow(RangeError);
  });

  it('never throws and always fits the schema, whatever the text', () => {
    const fragments = fc.constantFrom(
      'faktura', 'č.', 'IČO', 'DIČ', 'CZ', '27074358', 'splatná', 'due', '3. 3.', '2026', '12 500', ',50', 'Kč', 'EUR',
      '€', 's.r.o.', 'a.s.', 'GmbH', 'odběratel', 'nesouhlasí', 'nerozporuje', 'pojistka', 'P-2024-0001', ',', '.', ' ',
      '\ud800', '-', '/', '31. 2.', 'ledna', 'March 3rd', 'zbývá', '0', '1,200', 'SK',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 40 }), (parts) => {
        const result = extract(parts.join(' '));
        expect(partialReportSchema.safeParse(result).success).toBe(true);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

describe('extractReportFields — part payments on an invoice line', () => {
  it.each([
    ['faktura 1, 48.000,- Kč, nezaplaceno 20 000', 48000, 20000],
    ['invoice 1, EUR 8,000.00, unpaid 5,000', 8000, 5000],
    ['faktura 1, 20 000 PLN, uhrazeno 5 000', 20000, 15000],
    ['invoice 1, GBP 2,340.00, paid 340', 2340, 2000],
    ['invoice 1, 12k EUR, unpaid 7k EUR', 12000, 7000],
  ])('%s → amount %d, still unpaid %d', (text, amount, outstanding) => {
    expect(extract(text).invoices?.[0]).toMatchObject({ amount, outstanding });
  });

  it('"has not paid" is not a payment', () => {
    expect(extract('The buyer has not paid invoice 7 for EUR 1,200.00.').invoices?.[0]).toEqual({ number: '7', amount: 1200, currency: 'EUR' });
  });
});
