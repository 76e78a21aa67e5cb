import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../helpers/dialogs.js';

// Answers up to (not including) each step of an English overdue notification.
const path: [step: string, answer: string][] = [
  ['policy', 'CZ-2024-10001'],
  ['buyerName', 'ACME s.r.o.'],
  ['country', 'CZ'],
  ['ico', '27074358'],
  ['vat', 'skip'],
  ['invoiceNumber', 'F-1'],
  ['issueDate', '2026-09-01'],
  ['dueDate', '2026-10-01'],
  ['amount', '1000 EUR'],
  ['outstanding', '400'],
  ['more', 'no'],
  ['extension', 'yes'],
  ['extensionDate', '2026-12-01'],
  ['collection', 'two reminders'],
  ['dispute', 'no'],
  ['contactName', 'Jan Novák'],
  ['contactDetails', 'jan@acme.cz'],
];

async function at(step: string) {
  const services = await testServices();
  const h = mainDialogHarness(services, 'en');
  await h.texts('I want to notify an overdue invoice');
  for (const [name, answer] of path) {
    if (name === step) break;
    await h.texts(answer);
  }
  return h;
}

// Every rule: a wrong answer gets the specific reason, then the same question again.
const cases: [step: string, bad: string, reason: RegExp, question: RegExp][] = [
  ['policy', '!!', /policy number (contains|has)/, /policy number/],
  ['buyerName', '12345', /needs letters/, /name of the buyer/],
  ['country', 'Atlantis', /do not recognise that country/, /which country/i],
  ['ico', '27074359', /check digit does not match/, /registration number \(IČO\)/],
  ['ico', '1234', /8 digits/, /IČO/],
  ['vat', 'XYZ', /does not look like a VAT number/, /VAT number of ACME/],
  ['vat', 'CZ27074359', /does not match a valid IČO/, /VAT number/],
  ['invoiceNumber', 'the one from last week', /invoice number as printed/, /Invoice 1: what is its number/],
  ['issueDate', '31. 2. 2026', /does not exist in the calendar/, /When was invoice F-1 issued/],
  ['issueDate', 'yesterday-ish', /could not read a date/, /issued/],
  ['issueDate', '2027-01-05', /cannot have been issued in the future/, /issued/],
  ['dueDate', '2026-08-01', /cannot be before the issue date \(1 September 2026\)/, /original due date/],
  ['amount', '-5 EUR', /greater than zero|could not read an amount/, /amount of invoice F-1/],
  ['amount', '1000', /add the currency/, /amount of invoice F-1/],
  ['amount', '10,5555 EUR', /decimal places|could not read/, /amount/],
  ['amount', 'lots', /could not read an amount/, /amount/],
  ['outstanding', '1500', /cannot be more than the invoice amount/, /still unpaid/],
  ['outstanding', '300 CZK', /The invoice is in EUR/, /still unpaid/],
  ['more', 'perhaps', /answer yes or no/, /another unpaid invoice/],
  ['extensionDate', '2026-09-15', /after the original due date/, /extend the due date/],
  ['contactName', 'x', /too short/, /Who should we contact/],
  ['contactDetails', 'call me maybe', /e-mail address .* or a phone number/, /e-mail address or phone number for Jan Novák/],
];

describe('every bad answer gets a specific re-prompt', () => {
  it.each(cases)('at %s, "%s" → reason and the same question', async (step, bad, reason, question) => {
    const h = await at(step);
    const reply = await h.texts(bad);
    expect(reply).toMatch(reason);
    expect(reply).toMatch(question);
  });

  it('accepts Czech and English number formats for amounts', async () => {
    for (const amount of ['12 500,50 EUR', 'EUR 12,500.50', '12.500,50 €', '€12,500.50']) {
      const h = await at('amount');
      expect(await h.texts(amount)).toMatch(/still unpaid/);
      expect(await h.texts('all')).toMatch(/another unpaid invoice/);
    }
  });
});

describe('pre-fill from free text', () => {
  it('fills buyer, IČO and the invoice from one Czech message and asks only for the rest', async () => {
    const services = await testServices();
    const h = mainDialogHarness(services, 'cs');
    const first = await h.texts('Chci nahlásit škodu: ACME s.r.o., IČO 27074358, nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.');
    expect(first).toMatch(/poznamenal: Odběratel: ACME s\.r\.o\.; IČO: 27074358; Faktura 2024-118, 12\s500 EUR, splatná 3\. 3\. 2026/);
    expect(first).toMatch(/číslo vaší pojistné smlouvy/);
    await h.texts('CZ-2024-10001');
    // Country came from the IČO; next missing is the VAT id, then the invoice's issue date.
    expect(await h.texts('přeskočit')).toMatch(/Kdy byla faktura 2024-118 vystavena/);
    expect(await h.texts('1. 2. 2026')).toMatch(/Kolik z faktury 2024-118 zůstává neuhrazeno/);
  });
});
