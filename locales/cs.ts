import type { MessageKey } from './en.js';

/** Czech message catalogue; it must have every key of the English one. */
export const cs: Record<MessageKey, string> = {
  welcome:
    'Dobrý den, jsem virtuální asistent zákaznického servisu Atradius. Odpovím na otázky k vašemu pojištění pohledávek — škodné události, faktury po splatnosti, kreditní limity, stížnosti, pojistná smlouva a naše online služby — a vždy uvedu, odkud odpověď pochází. Kdykoli napište „nápověda“ a ukážu, co umím.',
  help:
    'S tímto vám pomohu:\n- odpovím na otázky k hlášení škodné události, oznámení faktur po splatnosti, kreditním limitům, stížnostem a odvoláním, pojistné smlouvě a jejímu prodloužení, našim fakturám a portálům Atrium a Insights;\n- poradím, jak se spojit s vaším manažerem zákaznického servisu nebo s naší centrálou.\nStačí napsat otázku česky nebo anglicky.',
  emptyMessage: 'Nedostal jsem žádný text. Napište prosím svůj dotaz.',
  messageTooLong: 'Vaše zpráva je na mě příliš dlouhá ({length} znaků; limit je {limit}). Zkraťte ji prosím na samotný dotaz.',
  unsupportedActivity: 'Zatím umím číst jen textové zprávy.',
  dontKnow:
    'Omlouvám se, v našich dokumentech jsem na to nenašel spolehlivou odpověď a nechci hádat. Pomůže vám váš manažer zákaznického servisu: stačí napsat „chci mluvit s člověkem“ a řeknu vám, jak se s ním spojit.',
  outOfScope:
    'Pomohu vám jen s otázkami k vašemu pojištění pohledávek u Atradiusu — škodné události, faktury po splatnosti, kreditní limity, stížnosti, pojistná smlouva a naše online služby. Mohu pro vás v této oblasti něco udělat?',
  sourcesLabel: 'Zdroj',
  turnError: 'Omlouvám se, na mé straně se něco pokazilo. Zkuste to prosím za chvíli znovu; nic z toho, co jste napsali, se neztratilo.',
};
