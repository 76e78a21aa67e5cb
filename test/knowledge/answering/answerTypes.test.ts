import { describe, expect, it } from 'vitest';
import { askedTypes, asksForDefinition, asksForSpan, holdsType } from '../../../knowledge/answering/answerTypes.js';

describe('what a question asks for', () => {
  it.each([
    ['Jaké je telefonní číslo na vaši centrálu?', ['phone']],
    ["What's the phone number of your head office?", ['phone']],
    ['Jaký je e-mail na zákaznický servis?', ['email']],
    ['jaka je adresa vasi centraly?', ['address']],
    ['What is the postal address of the headquarters?', ['address']],
    ['Kolik stojí pojištění pohledávek?', ['amount', 'quantity']],
    ['How much does a policy cost?', ['amount']],
    ['Jaká je spoluúčast, kolik procent ze škody proplatíte?', ['percentage', 'quantity']],
    ['Do kolika dnů od splatnosti musím nahlásit fakturu?', ['duration', 'quantity']],
    ['Within how many days do I have to appeal?', ['duration', 'quantity']],
    ['How can I give you feedback about your service?', []],
    ['Jak dlouho budu čekat na rozhodnutí?', []],
    ['Jak mám nahlásit škodnou událost?', []],
    ['Jak přesně se jmenuje společnost, která je vaší centrálou?', ['organisation']],
    ["What is the insurer's full name?", ['organisation']],
    ['Jak se jmenuje můj manažer?', []],
  ])('%s', (question, types) => {
    expect(askedTypes(question)).toEqual(types);
  });
});

describe('whether a text holds such an item', () => {
  it.each([
    ['phone', 'Tel.: +31 20 553 3355', true],
    ['phone', 'bez čísla', false],
    ['email', 'pište na servis@example.cz.', true],
    ['address', 'David Ricardostraat 1\n1066 JS Amsterdam', true],
    ['address', 'Vodičkova 20, 110 00 Praha 1', true],
    ['organisation', 'Atradius Crédito y Caución S.A. de Seguros y Reaseguros', true],
    ['organisation', 'Example Insurance N.V., Amsterdam', true],
    ['organisation', 'Zavolejte naší centrále.', false],
    ['address', 'kontaktujte naši centrálu', false],
    ['amount', 'poplatek 1 500 Kč', true],
    ['percentage', 'plnění ve výši 90 % škody', true],
    ['duration', 'do 30 dnů od splatnosti', true],
    ['duration', 'within two weeks', true],
    ['duration', 'v přiměřené oznamovací lhůtě', false],
  ] as const)('%s in %j: %s', (type, text, holds) => {
    expect(holdsType(text, type)).toBe(holds);
  });
});

describe('a lead-in and the block it introduces', () => {
  it('quotes the address and phone lines that follow "…contact our head office:"', async () => {
    const { extractAnswer } = await import('../../../knowledge/answering/extractive.js');
    const { TextAnalyzer } = await import('../../../knowledge/text/analyzer.js');
    const { loadLexicon } = await import('../../../knowledge/text/lexicon.js');
    const analyzer = new TextAnalyzer(loadLexicon());
    const filler = 'Věříme, že Vám můžeme poskytnout tu nejvyšší kvalitní podporu, pokud rozumíme Vašemu podnikání. '.repeat(6);
    const passage = `${filler}\nPokud máte problém, kontaktujte správce smlouvy. Případně můžete také kontaktovat naši centrálu:\nExample Insurance N.V.\nHoofdstraat 12\n1011 AB Amsterdam\nTel.: +31 20 000 0000\n\nDalší odstavec, který sem nepatří.`;
    const words = analyzer.analyze('Jaké je telefonní číslo na vaši centrálu?', 'cs');
    const answer = extractAnswer(passage, words, 'cs', analyzer, () => 1);
    expect(answer).toMatch(/centrálu:\nExample Insurance N\.V\.\nHoofdstraat 12\n1011 AB Amsterdam\nTel\.: \+31 20 000 0000$/);
  });
});

describe('a question asking how long something takes', () => {
  it.each([
    ['Jak dlouho trvá, než vyplatíte pojistné plnění?', true],
    ['How long does a credit limit decision take?', true],
    ['Jak mám nahlásit škodnou událost?', false],
  ])('%s', (question, expected) => {
    expect(asksForSpan(question)).toBe(expected);
  });
});

describe('a question asking what something is', () => {
  it.each([
    ['Co to vlastně je ten Kodex zákaznických služeb?', true],
    ['what does protracted default mean', true],
    ['What is the waiting period?', true],
    ['Jak mám nahlásit škodnou událost?', false],
  ])('%s', (question, expected) => {
    expect(asksForDefinition(question)).toBe(expected);
  });
});
