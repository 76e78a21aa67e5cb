// @nlpjs language packages ship no type declarations; these cover what we use.
declare module '@nlpjs/lang-cs' {
  export class StemmerCs {
    stem(word: string): string;
  }
  export class StopwordsCs {
    isStopword(word: string): boolean;
  }
}
declare module '@nlpjs/lang-en' {
  export class StemmerEn {
    stem(word: string): string;
  }
  export class StopwordsEn {
    isStopword(word: string): boolean;
  }
}
