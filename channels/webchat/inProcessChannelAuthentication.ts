import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { isInProcessServiceUrl } from './inProcessConnector.js';

/**
 * The adapter's authentication with one change: connector clients for the in-process serviceUrl
 * come from `inProcess`. Turns started by our Direct Line routes and proactive messages
 * (`adapter.continueConversationAsync` with a stored conversation reference) both get their
 * connector from `createConnectorFactory`, so both land in the Direct Line store.
 *
 * Deliberately not changed: `authenticateRequest`, used by /api/messages. An activity posted
 * there with our serviceUrl keeps the ordinary connector (and fails to resolve `.invalid`), so
 * nobody can write into a website conversation through the public Bot Framework endpoint.
 */
export class InProcessChannelAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly inProcess: ConnectorFactory,
  ) {
    super();
  }

  authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader);
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const outer = this.inner.createConnectorFactory(claimsIdentity);
    const inProcess = this.inProcess;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return isInProcessServiceUrl(serviceUrl) ? inProcess.create(serviceUrl, audience) : outer.create(serviceUrl, audience);
      }
    })();
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
