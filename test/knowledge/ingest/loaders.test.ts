import { describe, expect, it } from 'vitest';
import { loadDocument, UnreadableDocumentError } from '../../../knowledge/ingest/loaders.js';
import { makeDocx, makePdf } from '../../helpers/fixtures.js';

describe('loadDocument', () => {
  it('reads Markdown front matter: id, language and title', async () => {
    const doc = await loadDocument('cs/a.md', Buffer.from('---\nid: claims\nlang: cs\ntitle: Škody\n---\n# Škody\n\n## Kdy\nText.'));
    expect(doc).toMatchObject({ docId: 'claims', lang: 'cs', title: 'Škody', structure: 'markdown', source: 'cs/a.md' });
    expect(doc.text).not.toMatch(/^---/);
  });

  it('falls back to the first heading and detected language without front matter', async () => {
    const doc = await loadDocument('x/how-to.md', Buffer.from('# How to report a claim\n\nYou can report the claim to your manager.'));
    expect(doc).toMatchObject({ docId: 'how-to', title: 'How to report a claim', lang: 'en' });
  });

  it('reads plain text with a BOM, taking a short first line as the title', async () => {
    const doc = await loadDocument('kontakty.txt', Buffer.from('\uFEFFKontakty\n\nObraťte se na svého manažera, který vám pomůže.'));
    expect(doc).toMatchObject({ title: 'Kontakty', lang: 'cs', structure: 'plain' });
  });

  it('turns HTML headings, paragraphs and list items into Markdown-like text, dropping scripts', async () => {
    const html = `<html lang="en"><head><title>Invoices</title><script>alert(1)</script></head>
      <body><nav>menu</nav><h1>Invoices</h1><p>Every invoice states its <b>due date</b>.</p>
      <h2>Questions</h2><ul><li>Call your manager</li><li>Write to us</li></ul></body></html>`;
    const doc = await loadDocument('web/invoices.html', Buffer.from(html));
    expect(doc.title).toBe('Invoices');
    expect(doc.lang).toBe('en');
    expect(doc.text).toContain('# Invoices');
    expect(doc.text).toContain('## Questions');
    expect(doc.text).toContain('- Call your manager');
    expect(doc.text).toContain('Every invoice states its due date.');
    expect(doc.text).not.toContain('alert');
    expect(doc.text).not.toContain('menu');
  });

  it('reads a .docx, keeping Word headings as headings', async () => {
    const docx = await makeDocx(['# Renewal guide', 'At renewal we explain the process in good time.', '## Documents', 'Documents arrive on time.']);
    const doc = await loadDocument('guides/renewal.docx', docx);
    expect(doc.text).toContain('# Renewal guide');
    expect(doc.text).toContain('## Documents');
    expect(doc.text).toContain('Documents arrive on time.');
    expect(doc.lang).toBe('en');
  });

  it('reads a .pdf, with the title from its metadata', async () => {
    const pdf = makePdf(['Credit limits', '', 'We decide on credit limit applications on time.'], 'Credit limit guide');
    const doc = await loadDocument('guides/limits.pdf', pdf);
    expect(doc.title).toBe('Credit limit guide');
    expect(doc.text).toContain('We decide on credit limit applications on time.');
  });

  it.each([
    ['broken.pdf', Buffer.from('%PDF-1.4 this is not really a pdf')],
    ['broken.docx', Buffer.from('PK\u0003\u0004 not a zip')],
    ['latin1.txt', Buffer.from([0x50, 0xf8, 0xed, 0x6c, 0x69, 0x9a])],
    ['empty.md', Buffer.from('   \n\n')],
    ['data.xlsx', Buffer.from('x')],
  ])('reports %s as unreadable, by name', async (name, content) => {
    await expect(loadDocument(name, content)).rejects.toThrowError(UnreadableDocumentError);
    await expect(loadDocument(name, content)).rejects.toThrow(name);
  });
});
