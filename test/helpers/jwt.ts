import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants, ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** The issuer the Bot Framework channels put in their tokens (AuthenticationConstants). */
export const CHANNEL_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

export interface TokenOptions {
  /** Claims to add or override (`iss`, `aud`, `exp`, `serviceurl`, …). */
  claims?: JWTPayload & Record<string, unknown>;
  /** Key id in the header; defaults to the published key's. */
  kid?: string;
  /** Sign with a key that is not published (a forged token). */
  foreignKey?: boolean;
}

export interface TestTokenIssuer {
  /** OpenID configuration document on loopback, whose `jwks_uri` publishes the test key. */
  metadataUrl: string;
  /** Paths the bot fetched from this server (proves it validated against it). */
  readonly requests: readonly string[];
  /** A channel token as the Bot Framework would send it, valid for an hour unless overridden. */
  mint(audience: string, serviceUrl: string, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

const KEY_ID = 'test-key-1';

/**
 * A stand-in for login.botframework.com: an RSA test key, its JWKS and OpenID metadata served
 * on 127.0.0.1, and a minting function for channel tokens signed with it.
 */
export async function startTestTokenIssuer(): Promise<TestTokenIssuer> {
  const published = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: KEY_ID, use: 'sig', alg: 'RS256' };
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const { port } = server.address() as AddressInfo;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `http://127.0.0.1:${port}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = (payload: JWTPayload, kid: string, key: CryptoKey) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);

  return {
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openidconfiguration`,
    requests,
    async mint(audience, serviceUrl, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: CHANNEL_ISSUER, aud: audience, serviceurl: serviceUrl, iat: now, nbf: now - 60, exp: now + 3600, ...options.claims };
      return sign(payload, options.kid ?? KEY_ID, options.foreignKey ? foreign.privateKey : published.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type MutableConstants = { -readonly [K in 'ToBotFromChannelOpenIdMetadataUrl' | 'ToBotFromEmulatorOpenIdMetadataUrl']: string };

/**
 * Points the Bot Framework JWT validation of adapters created from now on at `metadataUrl`.
 *
 * ConfigurationBotFrameworkAuthentication, given no explicit endpoints (bot/adapter.ts passes
 * none), copies these public-cloud constants when it is constructed, and its validator fetches
 * the metadata from them. Overriding them in the test process needs no change to the app. (A
 * configuration option would have to pass every endpoint: given only the metadata URL, the SDK
 * leaves the token issuer unset and rejects every token.) Both the channel and the Emulator URL
 * are replaced, so no token path reaches the internet. Call the returned function to restore.
 */
export function pointBotFrameworkMetadataAt(metadataUrl: string): () => void {
  const constants = AuthenticationConstants as unknown as MutableConstants;
  const saved = { channel: constants.ToBotFromChannelOpenIdMetadataUrl, emulator: constants.ToBotFromEmulatorOpenIdMetadataUrl };
  constants.ToBotFromChannelOpenIdMetadataUrl = metadataUrl;
  constants.ToBotFromEmulatorOpenIdMetadataUrl = metadataUrl;
  return () => {
    constants.ToBotFromChannelOpenIdMetadataUrl = saved.channel;
    constants.ToBotFromEmulatorOpenIdMetadataUrl = saved.emulator;
  };
}

/** The bearer token the bot's outgoing Bot Connector calls carry in tests. */
export const TEST_OUTBOUND_TOKEN = 'test-outbound-token';

/**
 * The bot's side of the Bot Framework token service for tests: our app id is `appId`, and
 * replies are signed with TEST_OUTBOUND_TOKEN instead of a token fetched from
 * login.microsoftonline.com (MSAL insists on HTTPS authorities, so no loopback peer can serve it).
 * Inbound tokens are still validated for real against the loopback issuer.
 */
export class TestBotCredentials extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${TEST_OUTBOUND_TOKEN}`);
        return request;
      },
    };
  }
}
