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
