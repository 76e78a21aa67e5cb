import { describe, expect, it } from 'vitest';
import { fromMarkdown, fromPlainText } from '../../../knowledge/ingest/loaders.js';
import { PassageSplitter } from '../../../knowledge/ingest/passageSplitter.js';

const splitter = new PassageSplitter({ maxChars: 400, minChars: 80 });

describe('PassageSplitter', () => {
  it('splits Markdown by headings and keeps each passage\'s heading path', async () => {
    const doc = fromMarkdown('en/g.md', '# Guide\n\n## Claims\n\n### Documents\n\nSend the invoices and delivery notes.\n\n## Limits\n\nWe decide on time.');
    const passages = await splitter.split(doc);
    expect(passages.map((p) => [p.metadata.headings, p.pageContent])).toEqual([
      [['Claims', 'Documents'], 'Send the invoices and delivery notes.'],
      [['Limits'], 'We decide on time.'],
    ]);
    expect(passages.map((p) => p.metadata.id)).toEqual(['en/g.md#0', 'en/g.md#1']);
    expect(passages[0]!.metadata).toMatchObject({ title: 'Guide', lang: 'en', docId: 'g', source: 'en/g.md' });
  });

  it('never separates a lead-in line from the list it introduces', async () => {
    const filler = 'This paragraph explains the background of the process in some detail. '.repeat(4);
    const doc = fromMarkdown('en/d.md', `# D\n\n## Documents\n\n${filler}\n\nSend us the following:\n\n- invoices\n- delivery notes\n- reminders`);
    const passages = await splitter.split(doc);
    const withLeadIn = passages.find((p) => p.pageContent.includes('Send us the following:'))!;
    expect(withLeadIn.pageContent).toMatch(/following:\n- invoices\n- delivery notes\n- reminders/);
  });

  it('chunks text pasted from a web page: irregular blank lines, guessed headings, a lead-in with an address', async () => {
    const txt = [
      'Contacts and help',
      '',
      '',
      '',
      'Your customer-service manager',
      'Your first contact for any question is your named customer-service manager, who knows your policy.',
      '',
      '',
      'If you cannot reach them, contact our head office:',
      '',
      'Atradius Crédito y Caución S.A. de Seguros y Reaseguros',
      '',
      'David Ricardostraat 1',
      '',
      '',
      '1066 JS Amsterdam',
      'The Netherlands',
      '',
      'Branches',
      'Contact details of all branches are published on our website.',
    ].join('\n');
    const passages = await splitter.split(fromPlainText('web/contacts.txt', txt));
    expect(passages).toHaveLength(2);
    expect(passages[0]!.metadata.headings).toEqual(['Your customer-service manager']);
    expect(passages[0]!.pageContent).toMatch(/head office:\nAtradius Crédito y Caución S\.A\. de Seguros y Reaseguros\nDavid Ricardostraat 1\n1066 JS Amsterdam\nThe Netherlands/);
    expect(passages[1]!.metadata.headings).toEqual(['Branches']);
    expect(passages[0]!.metadata.title).toBe('Contacts and help');
  });

  it('cuts an over-long paragraph into passages of bounded size', async () => {
    const long = 'The buyer did not pay the invoice on time. '.repeat(40);
    const passages = await splitter.split(fromMarkdown('en/l.md', `# L\n\n## Long\n\n${long}`));
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) expect(p.pageContent.length).toBeLessThanOrEqual(400);
  });

  it('joins a short section tail to the passage before it', async () => {
    const para = 'A paragraph of moderate length about credit limits and buyers. '.repeat(4).trim();
    const passages = await splitter.split(fromMarkdown('en/t.md', `# T\n\n## S\n\n${para}\n\n${para}\n\nShort tail.`));
    expect(passages.at(-1)!.pageContent.endsWith('Short tail.')).toBe(true);
    expect(passages.every((p) => p.pageContent !== 'Short tail.')).toBe(true);
  });
});

describe('structure of pages saved without Markdown headings', () => {
  const page = [
    'Glossary of terms | Example Insurer Ltd',
    'Source: https://www.example.com/en/help/glossary',
    '',
    'Home > Help > Glossary',
    'Share this page',
    '',
    'This glossary explains the words we use in our policies and letters to you.',
    '',
    'Buyer',
    '',
    'A buyer is a customer of yours to whom you sell goods on credit terms.',
    '',
    'Credit limit',
    'The credit limit is the maximum amount we will insure on a single buyer.',
    '',
    'How is the premium calculated?',
    'The premium is a percentage of your insured turnover.',
    '',
    '4.1. The Start Cover limit',
    'Deliveries to a new buyer are insured up to EUR 20,000 for the first 90 days.',
    '',
    'Claims team',
    'E-mail: claims@example.com',
    'Phone: +420 222 555 020',
    '',
    'Back to top',
    'Cookie settings | Privacy | Terms of use',
  ].join('\n');

  it('takes titles from the layout, one passage per term, and keeps page furniture out of the text', async () => {
    const doc = fromMarkdown('en/glossary.md', page);
    expect(doc).toMatchObject({ title: 'Glossary of terms', structure: 'plain', url: 'https://www.example.com/en/help/glossary' });
    const passages = await splitter.split(doc);
    expect(passages.map((p) => p.metadata.headings)).toEqual([[], ['Buyer'], ['Credit limit'], ['How is the premium calculated?'], ['4.1. The Start Cover limit'], ['Claims team']]);
    expect(passages[2]!.pageContent).toBe('The credit limit is the maximum amount we will insure on a single buyer.');
    expect(passages[5]!.pageContent).toBe('E-mail: claims@example.com\nPhone: +420 222 555 020');
    const all = passages.map((p) => p.pageContent).join('\n');
    expect(all).not.toMatch(/Source:|Home >|Share this page|Back to top|Cookie settings|Example Insurer Ltd/);
  });

  it('keeps the numbered steps of a procedure in one passage with their introduction', async () => {
    const steps = Array.from({ length: 7 }, (_, i) => `${i + 1}. ${'Do this part of the procedure carefully and in time. '.repeat(2)}`);
    const doc = fromPlainText('en/how-to.txt', ['How to report a claim', '', 'Follow the steps below.', '', ...steps.flatMap((s) => [s, ''])].join('\n'));
    const passages = await splitter.split(doc);
    const withSteps = passages.filter((p) => /^\d\. /m.test(p.pageContent));
    expect(withSteps).toHaveLength(1);
    expect(withSteps[0]!.pageContent).toMatch(/^Follow the steps below\.\n\n1\. [\s\S]*\n7\. /);
  });
});
