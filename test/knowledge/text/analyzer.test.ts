import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../../../knowledge/text/analyzer.js';
import { foldDiacritics } from '../../../knowledge/text/fold.js';
import { loadLexicon } from '../../../knowledge/text/lexicon.js';
import { coverage } from '../../../knowledge/retrieval/evidence.js';

const analyzer = new TextAnalyzer(loadLexicon());
const stems = (text: string, lang: 'cs' | 'en') => analyzer.analyze(text, lang).map((w) => w.stem);

describe('TextAnalyzer — Czech inflection', () => {
  it('brings the cases of one noun to one stem', () => {
    const forms = ['faktura', 'faktury', 'fakturu', 'fakturách', 'faktuře'.replace('ře', 'ra')];
    expect(new Set(forms.flatMap((f) => stems(f, 'cs'))).size).toBe(1);
    expect(new Set(['odběratel', 'odběratele', 'odběratelů', 'odběratelům'].flatMap((f) => stems(f, 'cs'))).size).toBe(1);
    expect(new Set(['událost', 'události', 'událostí'].flatMap((f) => stems(f, 'cs'))).size).toBe(1);
  });

  it('maps forms the stemmer leaves apart through the lemma table', () => {
    expect(stems('pohledávek', 'cs')).toEqual(stems('pohledávky', 'cs'));
  });

  it('treats unstemmed inflected forms as found through their shared prefix', () => {
    const passage = new Set(analyzer.terms('Přihláška pohledávky do insolvenčního řízení', 'cs'));
    expect(coverage(analyzer.analyze('insolvenčním', 'cs'), passage, () => 1)).toBe(1);
  });

  it('folds diacritics after stemming, so text typed without them matches', () => {
    expect(stems('skodna udalost', 'cs')).toEqual(stems('škodná událost', 'cs'));
    expect(foldDiacritics('Ústředí ŠKODA')).toBe('ustredi skoda');
  });

  it('drops stopwords and question words', () => {
    expect(stems('Jak mám nahlásit škodnou událost?', 'cs')).not.toContain('jak');
    expect(stems('How do I report a claim?', 'en')).toEqual(['report', 'claim']);
  });
});

describe('TextAnalyzer — domain concepts from the lexicon', () => {
  const concepts = (text: string, lang: 'cs' | 'en') => new Set(analyzer.analyze(text, lang).flatMap((w) => w.concepts));

  it.each([
    ['centrála', 'cs', 'head_office'],
    ['ústředí', 'cs', 'head_office'],
    ['head office', 'en', 'head_office'],
    ['škoda', 'cs', 'claim'],
    ['škodná událost', 'cs', 'claim'],
    ['claim', 'en', 'claim'],
    ['kreditní limit', 'cs', 'credit_limit'],
    ['limit', 'cs', 'credit_limit'],
    ['po splatnosti', 'cs', 'overdue'],
    ["hasn't paid", 'en', 'overdue'],
  ] as const)('%s (%s) carries the concept %s', (text, lang, concept) => {
    expect(concepts(text, lang)).toContain(concept);
  });

  it('matches multi-word phrases in inflected form', () => {
    expect(concepts('nezaplacené faktury', 'cs')).toContain('overdue');
    expect(concepts('kreditního limitu', 'cs')).toContain('credit_limit');
  });

  it('gives the same concept token to the Czech and English phrase, bridging languages', () => {
    expect(analyzer.terms('škodná událost', 'cs')).toContain('~claim');
    expect(analyzer.terms('insured loss', 'en')).toContain('~claim');
  });
});

describe('TextAnalyzer — Czech negation', () => {
  it('finds a negated word where the text states the positive case', () => {
    const [word] = analyzer.analyze('nevyplatíte', 'cs');
    const passage = new Set(analyzer.terms('abychom Vám vyplatili škodnou událost', 'cs'));
    expect(word!.variants).toBeDefined();
    expect(coverage([word!], passage, () => 1)).toBe(1);
    // Short words starting with "ne" are not negations to strip.
    expect(analyzer.analyze('nebo nebe', 'cs').some((w) => w.variants)).toBe(false);
  });
});

describe('TextAnalyzer — learnt translations', () => {
  const lexicon = { ...loadLexicon(), aligned: [{ id: 'al_provid', cs: ['poskytujeme'], en: ['provide'] }] };
  const withPairs = new TextAnalyzer(lexicon);

  it('attaches the learnt translation to a question word, without changing the indexed terms', () => {
    const [provide] = withPairs.analyze('provide', 'en');
    expect(provide!.translations).toEqual(withPairs.analyze('poskytujeme', 'cs').map((w) => w.stem));
    expect(withPairs.terms('provide', 'en')).toEqual(analyzer.terms('provide', 'en'));
  });

  it('counts a passage holding another form of the translation as holding the word', () => {
    const passage = new Set(withPairs.terms('Poskytneme Vám průvodce.', 'cs'));
    expect(coverage(withPairs.analyze('provide', 'en'), passage, () => 1)).toBe(1);
    expect(coverage(analyzer.analyze('provide', 'en').map((w) => ({ ...w, translations: undefined })), passage, () => 1)).toBe(0);
  });

  it('leaves words a hand-written concept bridges to the concept', () => {
    const bridged = new TextAnalyzer({ ...loadLexicon(), aligned: [{ id: 'al_claim', cs: ['nárok'], en: ['claim'] }] });
    expect(bridged.analyze('claim', 'en')[0]!.translations).toBeUndefined();
  });
});

describe('TextAnalyzer — the analysis shared within a turn', () => {
  it('gives a repeated question the same words, translations and negation variants included', () => {
    const lexicon = { ...loadLexicon(), aligned: [{ id: 'al_provid', cs: ['poskytujeme'], en: ['provide'] }] };
    const shared = new TextAnalyzer(lexicon);
    // The first call analyses, the second is answered from the remembered analysis: both must
    // carry every field, or the retriever and the evidence check weigh the question differently.
    expect(shared.analyze('do you provide', 'en')).toEqual(shared.analyze('do you provide', 'en'));
    expect(shared.analyze('do you provide', 'en').some((w) => w.translations?.length)).toBe(true);
    expect(shared.analyze('nevyplatíte', 'cs')[0]!.variants).toBeDefined();
    expect(shared.analyze('nevyplatíte', 'cs')[0]!.variants).toBeDefined();
  });
});

describe('TextAnalyzer — pronouns are no content words', () => {
  it('drops every case of the personal and possessive pronouns, the polite capitalised ones included', () => {
    // The answer gate declines a question naming a capitalised word no document holds
    // ("buyers in Russia"); a polite "Vaším" or "Vy" mid-sentence must never count as such a name.
    for (const form of ['Vy', 'Vás', 'Vám', 'Vámi', 'Váš', 'Vaše', 'Vašeho', 'Vašemu', 'Vašem', 'Vaším', 'Vaši', 'Vaší', 'Vašich', 'Vašim', 'Vašimi', 'naším', 'našemu', 'tvůj', 'my'])
      expect(analyzer.analyze(form, 'cs'), form).toEqual([]);
  });
});
