import type { TurnContext } from 'botbuilder';
import type { Lang } from '../locales/lang.js';

const LANG_KEY = Symbol('turnLanguage');

/** The bot detects the client's language once per turn; dialogs read it from here. */
export function setTurnLanguage(context: TurnContext, lang: Lang): void {
  context.turnState.set(LANG_KEY, lang);
}

export function turnLanguage(context: TurnContext): Lang {
  return (context.turnState.get(LANG_KEY) as Lang | undefined) ?? 'cs';
}
