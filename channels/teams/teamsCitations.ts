import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { excerpt } from '../../dialogs/answers/citations.js';
import { isTeams } from './teamsActivity.js';

/** Teams' limits on a citation's appearance (Bot messages with AI-generated content). */
const NAME_LIMIT = 80;
const ABSTRACT_LIMIT = 160;
const KEYWORDS_MAX = 3;
const KEYWORD_LIMIT = 28;

interface Appearance {
  name?: unknown;
  abstract?: unknown;
  keywords?: unknown;
  [key: string]: unknown;
}

function fitAppearance(appearance: Appearance): Appearance {
  const fitted: Appearance = { ...appearance };
  if (typeof fitted.name === 'string') fitted.name = excerpt(fitted.name, NAME_LIMIT);
  if (typeof fitted.abstract === 'string') fitted.abstract = excerpt(fitted.abstract, ABSTRACT_LIMIT);
  if (Array.isArray(fitted.keywords)) {
    // A source path ("cs/online-portal-atrium-and-insights.md") is longer than a keyword may be:
    // keep its file name, which still tells the reader which document it is.
    fitted.keywords = fitted.keywords
      .filter((k): k is string => typeof k === 'string' && k.length > 0)
      .map((k) => {
        const base = k.split('/').pop()!.replace(/\.[a-z0-9]+$/i, '');
        return base.length <= KEYWORD_LIMIT ? base : base.slice(0, KEYWORD_LIMIT);
      })
      .slice(0, KEYWORDS_MAX);
  }
  return fitted;
}

/**
 * The citation entity as Teams accepts it. The bot's entity (bot/citations.ts) is shared with Web
 * Chat; Teams additionally limits a citation's name to 80 characters and its keywords to three
 * of at most 28, and drops a message's citations when they break the limits.
 */
export function fitCitationsForTeams(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.entities?.some((e) => e.type === 'https://schema.org/Message')) return activity;
  const entities = activity.entities.map((entity) => {
    if (entity.type !== 'https://schema.org/Message' || !Array.isArray(entity.citation)) return entity;
    const citation = (entity.citation as { appearance?: Appearance }[]).map((claim) => (claim.appearance ? { ...claim, appearance: fitAppearance(claim.appearance) } : claim));
    return { ...entity, citation };
  });
  return { ...activity, entities };
}

/** Fits the citations of every message the bot sends in a Teams turn (replies and proactive). */
export class TeamsCitationLimits implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (isTeams(context.activity)) {
      context.onSendActivities(async (_context, activities, nextSend) => {
        activities.splice(0, activities.length, ...activities.map(fitCitationsForTeams));
        return nextSend();
      });
    }
    return next();
  }
}
