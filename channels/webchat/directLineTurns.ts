import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import { DIRECT_LINE_SERVICE_URL } from './inProcessConnector.js';
import { setClientAddress } from '../../dialogs/clientIdentity.js';

export type RunTurn = (context: TurnContext) => Promise<void>;

export interface TurnRunnerDeps {
  adapter: CloudAdapter;
  /** The adapter's authentication, wrapped so that our serviceUrl resolves to the in-process connector. */
  authentication: BotFrameworkAuthentication;
  /** The bot's app id ('' in anonymous mode). */
  appId: string;
  runTurn: RunTurn;
}

/**
 * Runs a Direct Line activity through the adapter in process, as if the channel had POSTed it to
 * /api/messages: same middleware, same onTurnError, same bot. The request was already
 * authenticated by its Direct Line token, so we build the authentication result ourselves
 * (like CloudAdapter.connectNamedPipe does) instead of validating a Bot Framework JWT.
 */
export class DirectLineTurnRunner {
  constructor(private readonly deps: TurnRunnerDeps) {}

  /** `clientAddress`: the browser's address, for per-client limits in the turn (never stored with the activity). */
  async run(activity: Partial<Activity>, logger: Logger, clientAddress?: string): Promise<void> {
    const { appId } = this.deps;
    const claimsIdentity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ]);
    const authentication = {
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity,
      connectorFactory: this.deps.authentication.createConnectorFactory(claimsIdentity),
    };
    const incoming = { ...activity, serviceUrl: DIRECT_LINE_SERVICE_URL } as Activity;
    await this.deps.adapter.processActivityDirect(authentication, incoming, async (context) => {
      context.turnState.set('logger', logger);
      if (clientAddress) setClientAddress(context, clientAddress);
      await this.deps.runTurn(context);
    });
  }
}
