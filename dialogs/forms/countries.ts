import { foldDiacritics } from '../../knowledge/text/fold.js';

/**
 * Country names in Czech and English come from ICU (Intl.DisplayNames), so every ISO 3166
 * region is known without a hand-kept list; a few everyday names are added.
 */
const names = new Map<string, string>();

function build(): void {
  const displays = [new Intl.DisplayNames(['cs'], { type: 'region' }), new Intl.DisplayNames(['en'], { type: 'region' })];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      for (const display of displays) {
        const name = display.of(code);
        if (name && name !== code && !/^\p{Lu}{2}$/u.test(name)) {
          names.set(foldDiacritics(name), code);
          names.set(code.toLowerCase(), code);
        }
      }
    }
  }
  const everyday: Record<string, string> = {
    cesko: 'CZ', 'ceska republika': 'CZ', cr: 'CZ', 'czech republic': 'CZ', czechia: 'CZ', slovensko: 'SK', slovakia: 'SK', sr: 'SK',
    nemecko: 'DE', germany: 'DE', rakousko: 'AT', polsko: 'PL', madarsko: 'HU', 'velka britanie': 'GB', anglie: 'GB', uk: 'GB',
    usa: 'US', 'spojene staty': 'US', holandsko: 'NL', nizozemi: 'NL',
  };
  for (const [name, code] of Object.entries(everyday)) names.set(name, code);
}

/** ISO 3166-1 alpha-2 code of a country given by code or name (cs/en, any case, with or without diacritics). */
export function parseCountry(input: string): string | undefined {
  if (names.size === 0) build();
  const key = foldDiacritics(input.trim()).replace(/[.]/g, '').replace(/\s+/g, ' ');
  return names.get(key);
}
