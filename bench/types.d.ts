// node-nlp (NLP.js) ships no type declarations; these cover what the intents benchmark uses.
declare module 'node-nlp' {
  export interface NlpManagerSettings {
    languages: string[];
    /** Writes model.nlp into the working directory after training unless false. */
    autoSave?: boolean;
    autoLoad?: boolean;
    forceNER?: boolean;
    nlu?: { log?: boolean; useNoneFeature?: boolean };
  }
  export interface NlpProcessResult {
    intent: string;
    score: number;
  }
  export class NlpManager {
    constructor(settings: NlpManagerSettings);
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpProcessResult>;
  }
}
