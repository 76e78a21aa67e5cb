import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type UserTokenClient,
} from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ReusedConnectorClients } from '../../bot/connectorClients.js';

const claims = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

/** The SDK's authentication as the adapter sees it, counting the clients it builds. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectorsCreated = 0;
  userTokenClientsCreated = 0;
  failNext = false;

  private async build(serviceUrl: string): Promise<ConnectorClient> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('token service down');
    }
    this.connectorsCreated++;
    return new ConnectorClient({ getToken: async () => '', signRequest: async (r: unknown) => r } as never, { baseUri: serviceUrl });
  }

  private factory(): ConnectorFactory {
    const build = (serviceUrl: string) => this.build(serviceUrl);
    return new (class extends ConnectorFactory {
      create(serviceUrl: string): Promise<ConnectorClient> {
        return build(serviceUrl);
      }
    })();
  }

  async authenticateRequest(_activity: Activity, _authHeader: string): Promise<AuthenticateRequestResult> {
    return { claimsIdentity: claims('bot-app'), audience: AuthenticationConstants.ToChannelFromBotOAuthScope, callerId: '', connectorFactory: this.factory() };
  }

  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest({} as Activity, '');
  }

  createConnectorFactory(): ConnectorFactory {
    return this.factory();
  }

  async createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClientsCreated++;
    return {} as UserTokenClient;
  }
}

describe('connector clients are reused per (app id, serviceUrl, audience)', () => {
  it('gives every request to the same channel endpoint the same client', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusedConnectorClients(inner);
    const clients = [];
    for (let i = 0; i < 5; i++) {
      const result = await auth.authenticateRequest({} as Activity, 'Bearer x');
      clients.push(await result.connectorFactory!.create('https://smba.trafficmanager.net/emea/', result.audience));
    }
    expect(inner.connectorsCreated).toBe(1);
    expect(new Set(clients).size).toBe(1);
    // Proactive turns (createConnectorFactory) share it too.
    const proactive = await auth.createConnectorFactory(claims('bot-app')).create('https://smba.trafficmanager.net/emea/', AuthenticationConstants.ToChannelFromBotOAuthScope);
    expect(proactive).toBe(clients[0]);
    expect(inner.connectorsCreated).toBe(1);
  });

  it('keeps endpoints, audiences and app ids apart', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusedConnectorClients(inner);
    const a = await auth.createConnectorFactory(claims('bot-app')).create('https://one.example/', 'aud-1');
    const b = await auth.createConnectorFactory(claims('bot-app')).create('https://two.example/', 'aud-1');
    const c = await auth.createConnectorFactory(claims('bot-app')).create('https://one.example/', 'aud-2');
    const d = await auth.createConnectorFactory(claims('other-app')).create('https://one.example/', 'aud-1');
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect(inner.connectorsCreated).toBe(4);
    expect(auth.connectorClientCount).toBe(4);
  });

  it('does not keep a failed creation: the next turn tries again', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusedConnectorClients(inner);
    const factory = auth.createConnectorFactory(claims('bot-app'));
    inner.failNext = true;
    await expect(factory.create('https://one.example/', 'aud')).rejects.toThrow('token service down');
    const client = await factory.create('https://one.example/', 'aud');
    expect(client).toBeInstanceOf(ConnectorClient);
    expect(await factory.create('https://one.example/', 'aud')).toBe(client);
    expect(inner.connectorsCreated).toBe(1);
  });

  it('builds one user-token client per app id', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusedConnectorClients(inner);
    const first = await auth.createUserTokenClient(claims('bot-app'));
    expect(await auth.createUserTokenClient(claims('bot-app'))).toBe(first);
    await auth.createUserTokenClient(claims('other-app'));
    expect(inner.userTokenClientsCreated).toBe(2);
  });
});
