import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Distinct (app id, serviceUrl, audience) kept; a bot talks to a handful of channel endpoints. */
const MAX_CLIENTS = 256;

/** The bot's own app id in a request's claims, as the SDK's connector factory picks it. */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** A small map that forgets the least recently used entry when full. */
class Recent<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  getOrCreate(key: string, create: () => V): V {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const value = create();
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * The adapter's authentication, reusing connector clients per (app id, serviceUrl, audience)
 * and user-token clients per app id. The SDK builds both anew for every request — credentials,
 * a ServiceClient and its request pipeline — even for an `expectReplies` turn that never calls
 * the connector (#20). A ConnectorClient holds no per-turn state (its credentials cache and
 * renew their token), so one per endpoint serves every turn, as the SDK's older
 * BotFrameworkAdapter did.
 */
export class ReusedConnectorClients extends BotFrameworkAuthentication {
  private readonly connectors = new Recent<Promise<ConnectorClient>>(MAX_CLIENTS);
  private readonly userTokens = new Recent<Promise<UserTokenClient>>(MAX_CLIENTS);

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  /** How many connector clients are kept (for tests). */
  get connectorClientCount(): number {
    return this.connectors.size;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachedFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    return this.remembered(this.userTokens, key, () => this.inner.createUserTokenClient(claimsIdentity));
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

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.cachedFactory(result.connectorFactory, appIdOf(result.claimsIdentity)) };
  }

  private cachedFactory(factory: ConnectorFactory, appId: string): ConnectorFactory {
    const create = (serviceUrl: string, audience?: string) => this.remembered(this.connectors, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience));
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return create(serviceUrl, audience);
      }
    })();
  }

  /** A failed creation is not kept: the next turn tries again. */
  private remembered<T>(cache: Recent<Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
    return cache.getOrCreate(key, () => {
      const created = create();
      created.catch(() => cache.delete(key));
      return created;
    });
  }
}
