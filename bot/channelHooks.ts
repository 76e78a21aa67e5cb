import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { AuthenticationConstants, type ClaimsIdentity } from 'botframework-connector';

/** The channel id of the website's local Direct Line (channels/webchat): every activity on it comes from the visitor. */
export const WEBSITE_CHANNEL_ID = 'directline';

/**
 * A Teams activity whose token the adapter validated. Teams user ids decide who is a manager,
 * so an activity that merely says channelId "msteams" (an unsigned one, which /api/messages
 * already refuses) never reaches the Teams hooks: it is handled like any other channel's.
 */
export function isVerifiedTeamsTurn(context: TurnContext): boolean {
  if (context.activity.channelId !== 'msteams') return false;
  const identity = context.turnState.get<ClaimsIdentity | undefined>(context.adapter.BotIdentityKey);
  // An anonymous identity has no claims; a validated channel token always names its issuer.
  return Boolean(identity?.isAuthenticated && identity.getClaimValue(AuthenticationConstants.IssuerClaim));
}

/** What the bot does with a message after the Teams channel looked at it. */
export type TeamsMessageStep =
  /** Not for the bot (a channel or group chat message without an @mention): no reply, no state. */
  | 'ignore'
  /** A manager's relay message, command or card button: already handled. */
  | 'handled'
  /** An ordinary message (mention removed): the bot's usual logic answers it. */
  | 'continue';

/**
 * The Teams-specific parts of a turn, called by the bot (SupportBot) and
 * implemented by channels/teams, so that everything else —
 * answers, citations, report forms, handoffs — stays the same logic for every channel.
 */
export interface TeamsChannelHooks {
  beforeMessage(context: TurnContext): Promise<TeamsMessageStep>;
  /**
   * The bot was added to a Teams conversation (conversationUpdate). Stores a manager's personal
   * chat; returns true when the bot should greet the user as a client.
   */
  onBotAdded(context: TurnContext): Promise<boolean>;
  /** installationUpdate add / remove in Teams. */
  onInstallationUpdate(context: TurnContext): Promise<void>;
  /** An Action.Execute; undefined when it is not a staff button (the form logic takes it). */
  onCardAction(context: TurnContext, verb: string | undefined, data: unknown): Promise<AdaptiveCardInvokeResponse | undefined>;
}

/** The answer to an invoke (Action.Execute) shown as a short message under the card. */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}
