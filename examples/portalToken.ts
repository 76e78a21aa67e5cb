/**
 * What the client portal's server does to open a chat for its signed-in user, as a runnable
 * script (README "Verified clients"):
 *
 *   PORTAL_ASSERTION_SECRET=… PORTAL_ASSERTION_AUDIENCE=support-bot npm start     # the bot
 *   PORTAL_ASSERTION_SECRET=… PORTAL_ASSERTION_AUDIENCE=support-bot \
 *     npx tsx examples/portalToken.ts strojirny-morava martin.kovar@strojirny-morava.example "Show me my cases"
 *
 * 1. Sign an assertion of the signed-in user (HS256 with the shared secret here; a portal with
 *    its own key pair signs RS256/ES256 and publishes the public key at PORTAL_JWKS_URL).
 * 2. POST it to the bot's /api/directline/token as a bearer token, server to server. The answer
 *    is a Direct Line session bound to that verified client: this is what the portal hands to
 *    its page for Web Chat (`createDirectLine({ token, domain })`); the browser never sees the
 *    assertion and cannot change the identity.
 * 3. (This script only) start the conversation and send one message, to show what the client sees.
 *
 * Only jose and fetch: the portal's stack is its own, this is not product code.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { SignJWT } from 'jose';

export interface PortalUser {
  /** The client's id in the bot's policy directory. */
  clientId: string;
  email: string;
  name?: string;
}

export interface PortalSettings {
  botUrl: string;
  secret: string;
  audience: string;
  issuer?: string;
}

export interface DirectLineSession {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
  domain: string;
}

/** Steps 1 and 2: the session the portal gives its page. */
export async function portalSession(settings: PortalSettings, user: PortalUser): Promise<DirectLineSession> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ email: user.email, ...(user.name ? { name: user.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.clientId)
    .setAudience(settings.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .setJti(randomUUID());
  if (settings.issuer) jwt.setIssuer(settings.issuer);
  const assertion = await jwt.sign(new TextEncoder().encode(settings.secret));
  const response = await fetch(`${settings.botUrl}/api/directline/token`, { method: 'POST', headers: { authorization: `Bearer ${assertion}` } });
  if (!response.ok) throw new Error(`The bot refused the assertion: ${response.status} ${await response.text()}`);
  return (await response.json()) as DirectLineSession;
}

/** Step 3: one message in that conversation, and the bot's reply. */
export async function askOnce(session: DirectLineSession, text: string, locale = 'en-US'): Promise<string> {
  const auth = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  await fetch(`${session.domain}/conversations`, { method: 'POST', headers: auth, body: JSON.stringify({ locale }) });
  const posted = (await (await fetch(`${session.domain}/conversations/${session.conversationId}/activities`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ type: 'message', text, locale, from: { id: session.userId } }),
  })).json()) as { id: string };
  for (let attempt = 0; attempt < 100; attempt++) {
    const { activities } = (await (await fetch(`${session.domain}/conversations/${session.conversationId}/activities`, { headers: auth })).json()) as {
      activities: { replyToId?: string; text?: string }[];
    };
    const replies = activities.filter((a) => a.replyToId === posted.id);
    if (replies.length) return replies.map((a) => a.text ?? '').join('\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The bot did not answer within 10 s.');
}

async function main(): Promise<void> {
  const [clientId = 'strojirny-morava', email = 'martin.kovar@strojirny-morava.example', text = 'Show me my cases'] = process.argv.slice(2);
  const secret = process.env.PORTAL_ASSERTION_SECRET;
  const audience = process.env.PORTAL_ASSERTION_AUDIENCE;
  if (!secret || !audience) throw new Error('Set PORTAL_ASSERTION_SECRET and PORTAL_ASSERTION_AUDIENCE, as for the bot.');
  const session = await portalSession({ botUrl: process.env.BOT_URL ?? 'http://127.0.0.1:3978', secret, audience, ...(process.env.PORTAL_ASSERTION_ISSUER ? { issuer: process.env.PORTAL_ASSERTION_ISSUER } : {}) }, { clientId, email });
  process.stdout.write(`Direct Line session for the page: conversation ${session.conversationId}, user ${session.userId}, token valid ${session.expires_in} s\n`);
  process.stdout.write(`> ${text}\n${await askOnce(session, text)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
