import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { PortalAssertionError, PortalAssertionVerifier } from '../../identity/portalAssertion.js';
import { openSqliteStores, type Stores } from '../../storage/stores.js';
import { tempDir } from '../helpers/app.js';

const SECRET = new TextEncoder().encode('portal-shared-secret-of-at-least-32-chars');
const AUDIENCE = 'support-bot';
const NOW = new Date('2026-11-25T10:00:00Z');
const directory = PolicyDirectory.fromFile('data/policy-directory.json');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

let stores: Stores;
let jwks: http.Server;
let jwksUrl: URL;
let rsa: { privateKey: CryptoKey; publicJwk: JWK };
let ec: { privateKey: CryptoKey; publicJwk: JWK };
let jti = 0;

/** The portal's JWKS endpoint: a real HTTP peer on loopback that jose fetches the keys from. */
beforeAll(async () => {
  stores = openSqliteStores(tempDir('portal-'));
  const rsaPair = await generateKeyPair('RS256');
  const ecPair = await generateKeyPair('ES256');
  rsa = { privateKey: rsaPair.privateKey, publicJwk: { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' } };
  ec = { privateKey: ecPair.privateKey, publicJwk: { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' } };
  jwks = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = new URL(`http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`);
});
afterAll(async () => {
  await stores.close();
  await new Promise((resolve) => jwks.close(resolve));
});

function verifier(options: { secret?: boolean; jwks?: boolean; issuer?: string } = { secret: true, jwks: true }) {
  return new PortalAssertionVerifier({
    ...(options.secret ? { secret: SECRET } : {}),
    ...(options.jwks ? { jwksUrl } : {}),
    audience: AUDIENCE,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    maxLifetimeSeconds: 300,
    verifiedForSeconds: 8 * 3600,
    directory,
    store: stores.identities,
    now: () => NOW,
  });
}

interface AssertionOptions {
  alg?: 'HS256' | 'RS256' | 'ES256';
  key?: Uint8Array | CryptoKey;
  sub?: string;
  email?: string | number;
  audience?: string;
  issuer?: string;
  issuedAt?: number;
  expiresAt?: number;
  jti?: string | null;
  kid?: string;
}

async function assertion(o: AssertionOptions = {}): Promise<string> {
  const alg = o.alg ?? 'HS256';
  const key = o.key ?? (alg === 'HS256' ? SECRET : alg === 'RS256' ? rsa.privateKey : ec.privateKey);
  const jwt = new SignJWT({ email: o.email ?? 'martin.kovar@strojirny-morava.example', name: 'Martin Kovář' })
    .setProtectedHeader({ alg, ...(o.kid ? { kid: o.kid } : {}) })
    .setSubject(o.sub ?? 'strojirny-morava')
    .setAudience(o.audience ?? AUDIENCE)
    .setIssuedAt(o.issuedAt ?? seconds(NOW) - 5)
    .setExpirationTime(o.expiresAt ?? seconds(NOW) + 120);
  if (o.issuer) jwt.setIssuer(o.issuer);
  if (o.jti !== null) jwt.setJti(o.jti ?? `jti-${++jti}`);
  return jwt.sign(key);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortalAssertionError);
  return (error as PortalAssertionError).reason;
}

describe('portal assertions', () => {
  it.each(['HS256', 'RS256', 'ES256'] as const)('accepts a valid %s assertion and names the verified client', async (alg) => {
    const client = await verifier().verify(await assertion({ alg, ...(alg === 'HS256' ? {} : { kid: alg === 'RS256' ? 'rsa-1' : 'ec-1' }) }));
    expect(client).toEqual({
      clientId: 'strojirny-morava',
      contact: { email: 'martin.kovar@strojirny-morava.example', name: 'Martin Kovář' },
      method: 'portal',
      verifiedAt: NOW.toISOString(),
      expiresAt: '2026-11-25T18:00:00.000Z',
    });
  });

  it('refuses a replayed assertion (each is single use)', async () => {
    const token = await assertion();
    await verifier().verify(token);
    expect(await refusal(verifier().verify(token))).toBe('replayed');
  });

  it.each<[string, () => Promise<string>, string]>([
    ['signed with another secret', () => assertion({ key: new TextEncoder().encode('another-secret-that-is-long-enough-to-sign') }), 'signature'],
    ['signed by a key not in the JWKS', async () => assertion({ alg: 'RS256', key: (await generateKeyPair('RS256')).privateKey }), 'signature'],
    ['expired', () => assertion({ issuedAt: seconds(NOW) - 400, expiresAt: seconds(NOW) - 200 }), 'expired'],
    ['meant for another audience', () => assertion({ audience: 'another-service' }), 'audience'],
    ['valid for too long', () => assertion({ expiresAt: seconds(NOW) + 3600 }), 'lifetime'],
    ['without a jti', () => assertion({ jti: null }), 'claims'],
    ['with a non-string e-mail', () => assertion({ email: 42 }), 'claims'],
    ['for a client the directory does not know', () => assertion({ sub: 'no-such-client' }), 'unknown_client'],
    ['that is not a JWT at all', async () => 'not.a.jwt', 'malformed'],
  ])('refuses an assertion %s', async (_label, make, reason) => {
    expect(await refusal(verifier().verify(await make()))).toBe(reason);
  });

  it('refuses an unsigned (alg "none") assertion', async () => {
    const [, payload] = (await assertion()).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await refusal(verifier().verify(`${header}.${payload}.`))).toBe('signature');
  });

  it('refuses HS256 when only a JWKS is configured (no key confusion with a public key)', async () => {
    expect(await refusal(verifier({ jwks: true }).verify(await assertion()))).toBe('signature');
  });

  it('checks the issuer when one is configured', async () => {
    const strict = verifier({ secret: true, issuer: 'https://portal.example.com' });
    expect(await refusal(strict.verify(await assertion({ issuer: 'https://evil.example.com' })))).toBe('issuer');
    expect((await strict.verify(await assertion({ issuer: 'https://portal.example.com' }))).clientId).toBe('strojirny-morava');
  });

  it('does not use up a valid jti when the assertion is refused for another reason', async () => {
    await refusal(verifier().verify(await assertion({ jti: 'jti-shared', sub: 'no-such-client' })));
    expect((await verifier().verify(await assertion({ jti: 'jti-shared' }))).clientId).toBe('strojirny-morava');
  });
});
