import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../../knowledge/knowledgeBase.js';
import { tempDir } from '../../helpers/app.js';

// A small corpus where lexical coincidences and inflection decide the ranking.
const docs: Record<string, string> = {
  'cs/skody.md': '---\nid: skody\nlang: cs\ntitle: Škodné události\n---\n# Škodné události\n\n## Hlášení škody\n\nŠkodnou událost nahlásíte svému manažerovi. K hlášení přiložte faktury a dodací listy.',
  'cs/limity.md': '---\nid: limity\nlang: cs\ntitle: Kreditní limity\n---\n# Kreditní limity\n\n## Snížení limitu\n\nKreditní limit snížíme jen s přiměřeným předstihem, abyste mohli přijmout jiná opatření.',
  'cs/kontakty.md': '---\nid: kontakty\nlang: cs\ntitle: Kontakty\n---\n# Kontakty\n\n## Ústředí\n\nÚstředí společnosti sídlí v Amsterdamu, telefon +31 20 553 3355.',
  'cs/pohledavky.md': '---\nid: pohledavky\nlang: cs\ntitle: Vymáhání\n---\n# Vymáhání\n\n## Vymáhání pohledávek\n\nPři vymáhání pohledávek s vámi úzce spolupracujeme a informujeme vás o stavu.',
  'en/claims.md': '---\nid: skody\nlang: en\ntitle: Claims\n---\n# Claims\n\n## Reporting a claim\n\nReport a claim to your manager and attach the invoices and delivery notes.',
  'en/limits.md': '---\nid: limity\nlang: en\ntitle: Credit limits\n---\n# Credit limits\n\n## Reduction\n\nWe reduce a credit limit only with reasonable notice.',
};

let kb: KnowledgeBase;
let dir: string;
beforeAll(async () => {
  dir = tempDir('ranking-');
  for (const [name, text] of Object.entries(docs)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'docs', name)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs', name), text);
  }
  kb = await openKnowledgeBase({ knowledgeDir: path.join(dir, 'docs'), dataDir: path.join(dir, 'data'), logger: createLogger('silent') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const top = async (q: string, lang: 'cs' | 'en') => (await kb.retriever.search(q, { lang, k: 3 }))[0]!.passage.metadata.source;

describe('HybridRetriever ranking', () => {
  it.each([
    ['Jak nahlásit škodu?', 'cs', 'cs/skody.md'],
    ['Kdy mi snížíte kreditní limit?', 'cs', 'cs/limity.md'],
    ['Jaké je číslo na centrálu?', 'cs', 'cs/kontakty.md'],
    ['Informujete mě o vymáhání pohledávky?', 'cs', 'cs/pohledavky.md'],
    ['How do I report a claim?', 'en', 'en/claims.md'],
    ['Will you reduce my limit without notice?', 'en', 'en/limits.md'],
  ] as const)('%s → %s', async (q, lang, expected) => {
    expect(await top(q, lang)).toBe(expected);
  });

  it('prefers the passage in the asker\'s language when both exist', async () => {
    expect(await top('škodná událost', 'cs')).toBe('cs/skody.md');
    expect(await top('claim', 'en')).toBe('en/claims.md');
  });

  it('falls back to the other language when only it covers the question', async () => {
    // Only the Czech contacts document mentions the head office; the concept bridges languages.
    expect(await top('head office phone', 'en')).toBe('cs/kontakty.md');
  });

  it('reports how much of the question the best passage covers', async () => {
    const [best] = await kb.retriever.search('Jak nahlásit škodu?', { lang: 'cs' });
    expect(best!.coverage).toBeGreaterThan(0.9);
    const [weak] = await kb.retriever.search('počasí v Brně zítra', { lang: 'cs' });
    expect(weak?.coverage ?? 0).toBeLessThan(0.3);
  });
});

describe('HybridRetriever — learnt translations (aligned.json) bridge gaps only', () => {
  it('keeps a translation for a word no passage holds, and finds the other-language passage by it', async () => {
    const words = kb.retriever.analyze('Do you work closely with me?', 'en');
    expect(words.find((w) => w.stem === 'close')?.translations?.length).toBeGreaterThan(0);
    const [best] = await kb.retriever.search('Do you work closely with me?', { lang: 'en', k: 3 });
    expect(best!.passage.metadata.source).toBe('cs/pohledavky.md');
    expect(best!.coverage).toBeGreaterThan(0);
  });

  it('drops the translation of a word a passage in the question\'s language holds', () => {
    const attach = kb.retriever.analyze('What should I attach?', 'en').find((w) => w.stem === 'attach');
    expect(attach).toBeDefined();
    expect(attach!.translations).toBeUndefined();
  });
});
