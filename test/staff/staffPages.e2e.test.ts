import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { startChannelReceiver } from '../helpers/channelReceiver.js';
import { StaffBrowser } from './staffBrowser.js';

/** Wednesday 25 November 2026, 10:00 in Prague: the managers are at work. */
const WORKING = '2026-11-25T09:00:00Z';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(env: Record<string, string> = {}) {
  const time = { now: new Date(WORKING) };
  const receiver = await startChannelReceiver();
  const app = await startTestApp(env, { clock: { now: () => time.now } });
  cleanups.push(() => receiver.close(), () => app.stop());
  return { app, receiver, advance: (ms: number) => (time.now = new Date(time.now.getTime() + ms)) };
}

function client(app: RunningApp, serviceUrl: string, conversationId: string) {
  return async (text: string) => {
    const { status, activities } = await postActivity(app.url, messageActivity(text, { conversation: { id: conversationId }, from: { id: `user-${conversationId}` }, serviceUrl }));
    expect(status).toBe(200);
    return activities.map((a) => a.text ?? '').join('\n');
  };
}

/** A client of Jana Nováková (team cz-service) asks for a person; returns the ticket id. */
async function handoffToJana(app: RunningApp, serviceUrl: string, conversationId = 'staff-1', firstMessage = 'Can I talk to a person?') {
  const say = client(app, serviceUrl, conversationId);
  await say(firstMessage);
  expect(await say('CZ-2024-10001')).toMatch(/our customer-service team/);
  const [ticket] = await app.app.internals.handoff.listFor({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] }, ['waiting']);
  expect(ticket).toBeDefined();
  return { id: ticket!.id, say };
}

const status = (app: RunningApp, id: string) => app.app.internals.handoffStore.get(id).then((t) => t?.status);

const EXPECTED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

describe('staff workspace: signing in', () => {
  it('redirects to the sign-in page without a session, with strict security headers', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    const list = await browser.get('/staff');
    expect(list.status).toBe(303);
    expect(list.location).toBe('/staff/login');
    const ticket = await browser.get('/staff/handoffs/HO-12345678');
    expect(ticket.location).toBe('/staff/login?next=%2Fstaff%2Fhandoffs%2FHO-12345678');

    const login = await browser.get('/staff/login');
    expect(login.status).toBe(200);
    expect(login.body).toMatch(/<label for="login-id">Staff id<\/label>/);
    expect(login.body).not.toMatch(/<script>|style="/);
    for (const res of [list, login]) {
      expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const css = await browser.get('/staff/assets/staff.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await browser.get('/staff/assets/staff.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await browser.get('/staff/assets/..%2Fconfig.ts')).status).toBe(404);
  });

  it('refuses a wrong password with 401 and no session', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    const res = await browser.login('jana.novakova', 'not-her-password');
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/The staff id or password is not correct/);
    expect(res.body).toMatch(/value="jana\.novakova"/);
    expect(res.setCookies.some((c) => c.startsWith('staff_session='))).toBe(false);
    expect(browser.cookies.has('staff_session')).toBe(false);
    expect((await browser.get('/staff')).status).toBe(303);
    // An unknown id gets the same answer (which ids exist is not revealed).
    const unknown = await browser.login('nobody', 'whatever');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatch(/The staff id or password is not correct/);
  });

  it('slows repeated failures of one id from one address, then locks them (429 + Retry-After, even with the right password)', async () => {
    const { app, advance } = await setup();
    const browser = new StaffBrowser(app.url);
    for (let i = 0; i < 3; i++) expect((await browser.login('petr.svoboda', `guess-${i}`)).status).toBe(401);
    // After the third failure the next try waits 2 s, then 4 s…
    const tooSoon = await browser.login('petr.svoboda', 'guess-3');
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('retry-after')).toBe('2');
    expect(tooSoon.body).toMatch(/Too many failed sign-ins/);
    advance(2_000);
    expect((await browser.login('petr.svoboda', 'guess-3')).status).toBe(401);
    advance(4_000);
    expect((await browser.login('petr.svoboda', 'guess-4')).status).toBe(401);
    // …and five failures lock this id on this address for the window, whatever the password.
    advance(60_000);
    const locked = await browser.login('petr.svoboda', 'demo-petr');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it("one person's failures lock out neither a colleague behind the same address nor the owner's known browser", async () => {
    const { app, advance } = await setup();
    const janasBrowser = new StaffBrowser(app.url);
    expect((await janasBrowser.login('jana.novakova', 'demo-jana')).status).toBe(303);
    expect(janasBrowser.cookies.has('staff_device')).toBe(true);
    // Someone at the same address (a shared proxy) guesses Jana's password until locked.
    const guesser = new StaffBrowser(app.url);
    for (let i = 0; i < 5; i++) {
      expect((await guesser.login('jana.novakova', `guess-${i}`)).status).toBe(401);
      advance(70_000);
    }
    expect((await guesser.login('jana.novakova', 'demo-jana')).status).toBe(429);
    // Jana's own browser (signed out since, its device cookie kept) is a known device: her password still works.
    const janaLater = new StaffBrowser(app.url);
    janaLater.cookies.set('staff_device', janasBrowser.cookies.get('staff_device')!);
    expect((await janaLater.login('jana.novakova', 'demo-jana')).status).toBe(303);
    // A colleague behind the same address signs in as usual.
    expect((await new StaffBrowser(app.url).login('marek.horvath', 'demo-marek')).status).toBe(303);
  });

  it('signs in with an HTTP-only, SameSite=Strict session cookie under /staff; Secure over HTTPS', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    const res = await browser.login('jana.novakova', 'demo-jana');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/staff');
    const cookie = res.setCookies.find((c) => c.startsWith('staff_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/staff(;|$)/);
    expect(cookie).not.toMatch(/Secure/);
    // 32 random bytes, base64url.
    expect(browser.cookies.get('staff_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await browser.get('/staff');
    expect(list.status).toBe(200);
    expect(list.body).toMatch(/Signed in as <strong>Jana Nováková<\/strong>/);

    const overHttps = new StaffBrowser(app.url, { 'x-forwarded-proto': 'https' });
    const secure = await overHttps.login('jana.novakova', 'demo-jana');
    expect(secure.setCookies.find((c) => c.startsWith('staff_session='))).toMatch(/; Secure/);
    expect(secure.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('sets Secure always with STAFF_COOKIE_SECURE=true', async () => {
    const { app } = await setup({ STAFF_COOKIE_SECURE: 'true' });
    const res = await new StaffBrowser(app.url).login('jana.novakova', 'demo-jana');
    expect(res.setCookies.find((c) => c.startsWith('staff_session='))).toMatch(/; Secure/);
  });

  it('gives a new session id at sign-in, so a planted session cookie is worth nothing (fixation)', async () => {
    const { app } = await setup();
    const attacker = new StaffBrowser(app.url);
    await attacker.login('petr.svoboda', 'demo-petr');
    const planted = attacker.cookies.get('staff_session')!;

    const victim = new StaffBrowser(app.url);
    await victim.get('/staff/login');
    victim.cookies.set('staff_session', planted);
    const res = await victim.post('/staff/login', { id: 'jana.novakova', password: 'demo-jana', csrf: victim.csrf() });
    expect(res.status).toBe(303);
    expect(victim.cookies.get('staff_session')).not.toBe(planted);
    expect((await victim.get('/staff')).body).toMatch(/Signed in as <strong>Jana Nováková<\/strong>/);
    expect((await attacker.get('/staff')).status).toBe(303);

    const forged = new StaffBrowser(app.url);
    forged.cookies.set('staff_session', 'A'.repeat(43));
    expect((await forged.get('/staff')).status).toBe(303);
  });

  it('refuses a sign-in form that did not come from the sign-in page (login CSRF)', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    const res = await browser.post('/staff/login', { id: 'jana.novakova', password: 'demo-jana', csrf: 'x'.repeat(43) });
    expect(res.status).toBe(403);
    expect(browser.cookies.has('staff_session')).toBe(false);
    await browser.get('/staff/login');
    const crossSite = await browser.post('/staff/login', { id: 'jana.novakova', password: 'demo-jana', csrf: browser.csrf() }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(browser.cookies.has('staff_session')).toBe(false);
  });

  it('returns to the page asked for after sign-in, but only to a staff page', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    await browser.get('/staff/login?next=%2Fstaff%2Fhandoffs%2FHO-1');
    expect(browser.lastPage).toMatch(/name="next" value="\/staff\/handoffs\/HO-1"/);
    expect((await browser.login('jana.novakova', 'demo-jana', { next: '/staff/handoffs/HO-1' })).location).toBe('/staff/handoffs/HO-1');
    const other = new StaffBrowser(app.url);
    expect((await other.login('jana.novakova', 'demo-jana', { next: '//evil.example/staff' })).location).toBe('/staff');
  });

  it('signs out: the session is gone on the server, and sign-out itself needs the token', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    await browser.login('jana.novakova', 'demo-jana');
    const cookie = browser.cookies.get('staff_session')!;
    await browser.get('/staff');
    expect((await browser.post('/staff/logout', {})).status).toBe(403);
    const out = await browser.post('/staff/logout', { csrf: browser.csrf() });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/staff/login');
    expect(out.setCookies.find((c) => c.startsWith('staff_session='))).toMatch(/Max-Age=0/);
    // Replaying the old cookie does not help: the server forgot the session.
    const replay = new StaffBrowser(app.url);
    replay.cookies.set('staff_session', cookie);
    expect((await replay.get('/staff')).status).toBe(303);
  });

  it('switches the page to Czech', async () => {
    const { app } = await setup();
    const browser = new StaffBrowser(app.url);
    const czech = await browser.get('/staff/login?lang=cs');
    expect(czech.body).toMatch(/<html lang="cs">/);
    expect(czech.body).toMatch(/Přihlášení do pracoviště zaměstnanců/);
    // Remembered for the next page.
    expect((await browser.get('/staff/login')).body).toMatch(/<label for="login-password">Heslo<\/label>/);
  });
});

describe('staff workspace: handoffs', () => {
  it("lists the member's team's tickets and hides them from another team (404)", async () => {
    const { app, receiver } = await setup();
    const { id } = await handoffToJana(app, receiver.url);

    const jana = new StaffBrowser(app.url);
    await jana.login('jana.novakova', 'demo-jana');
    const list = await jana.get('/staff');
    expect(list.body).toContain(`href="/staff/handoffs/${id}"`);
    expect(list.body).toMatch(/Open handoffs and callbacks/);
    expect(list.body).toMatch(/waiting/);
    expect(list.body).toMatch(/CZ-2024-10001/);
    expect(list.body).toMatch(/Can I talk to a person\?/);
    // The visitor only typed the policy number: the company name is marked as not verified.
    expect(list.body).toMatch(/<span class="badge identity-claimed">not verified: the visitor typed this policy number<\/span>/);
    // A colleague of the same team sees it too.
    const petr = new StaffBrowser(app.url);
    await petr.login('petr.svoboda', 'demo-petr');
    expect((await petr.get('/staff')).body).toContain(id);

    const marek = new StaffBrowser(app.url);
    await marek.login('marek.horvath', 'demo-marek');
    const foreign = await marek.get('/staff');
    expect(foreign.status).toBe(200);
    expect(foreign.body).not.toContain(id);
    expect(foreign.body).toMatch(/There are no open handoffs/);
    const page = await marek.get(`/staff/handoffs/${id}`);
    expect(page.status).toBe(404);
    expect(page.body).toMatch(/does not exist or is not yours/);
    expect((await marek.get(`/staff/handoffs/${id}.json`)).status).toBe(404);
    expect((await marek.post(`/staff/handoffs/${id}/accept`, { csrf: marek.csrf() })).status).toBe(404);
    expect(await status(app, id)).toBe('waiting');
  });

  it('accepts only with the CSRF token and from our own origin, then relays a reply and ends', async () => {
    const { app, receiver } = await setup();
    const { id, say } = await handoffToJana(app, receiver.url);
    const jana = new StaffBrowser(app.url);
    await jana.login('jana.novakova', 'demo-jana');

    const page = await jana.get(`/staff/handoffs/${id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<button type="submit" class="primary">Accept<\/button>/);
    expect(page.body).toMatch(/Accept the handoff to write to the client/);
    expect(page.body).not.toMatch(/name="text"/);

    expect((await jana.post(`/staff/handoffs/${id}/accept`, {})).status).toBe(403);
    expect((await jana.post(`/staff/handoffs/${id}/accept`, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await jana.post(`/staff/handoffs/${id}/accept`, { csrf: jana.csrf() }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await jana.post(`/staff/handoffs/${id}/accept`, { csrf: jana.csrf() }, { referer: 'https://evil.example/staff' })).status).toBe(403);
    expect(await status(app, id)).toBe('waiting');

    const accepted = await jana.post(`/staff/handoffs/${id}/accept`, { csrf: jana.csrf() }, { origin: app.url });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/staff/handoffs/${id}`);
    expect(await status(app, id)).toBe('connected');
    await receiver.waitFor((r) => r.activity.text === 'A colleague from customer service has joined the conversation.');

    // A second accept (another tab, a colleague) is a polite conflict, not a second owner.
    const petr = new StaffBrowser(app.url);
    await petr.login('petr.svoboda', 'demo-petr');
    const conflict = await petr.act(id, 'accept');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatch(/That did not work: The handoff is connected; it cannot be accepted\./);
    expect(conflict.body).toMatch(/This handoff was accepted by Jana Nováková/);

    expect(await say('I have a question about invoice 2024-118')).toBe('');
    const connected = await jana.get(`/staff/handoffs/${id}`);
    expect(connected.body).toMatch(/I have a question about invoice 2024-118/);
    expect(connected.body).toMatch(/<textarea id="reply-text" name="text"/);
    expect(connected.body).not.toMatch(/>Accept<\/button>/);

    expect((await jana.post(`/staff/handoffs/${id}/messages`, { csrf: jana.csrf(), text: '   ' })).status).toBe(400);
    const sent = await jana.post(`/staff/handoffs/${id}/messages`, { csrf: jana.csrf(), text: 'Good morning, I am looking into it.' });
    expect(sent.status).toBe(303);
    const relayed = await receiver.waitFor((r) => /looking into it/.test(r.activity.text ?? ''));
    expect(relayed.activity.text).toBe('Customer service: Good morning, I am looking into it.');
    expect(relayed.conversationId).toBe('staff-1');
    expect((await jana.get(`/staff/handoffs/${id}`)).body).toMatch(/Good morning, I am looking into it\./);

    const ended = await jana.act(id, 'end');
    expect(ended.status).toBe(303);
    expect(await status(app, id)).toBe('ended');
    await receiver.waitFor((r) => r.activity.text === 'Customer service has ended the conversation. I am back.');
    const after = await jana.get(`/staff/handoffs/${id}`);
    expect(after.body).toMatch(/This handoff has ended/);
    expect(after.body).not.toMatch(/name="text"/);
    expect((await jana.get('/staff')).body).not.toContain(id);
  });

  it('shows the ticket with transcript, summary and relay, escaping everything the client wrote', async () => {
    const { app, receiver } = await setup();
    const { id, say } = await handoffToJana(app, receiver.url, 'staff-xss', 'I want to talk to a person <b>now</b>');
    expect(await say('<script>alert(1)</script>')).toMatch(/^Passed on/);
    const jana = new StaffBrowser(app.url);
    await jana.login('jana.novakova', 'demo-jana');
    const page = await jana.get(`/staff/handoffs/${id}`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('I want to talk to a person &lt;b&gt;now&lt;/b&gt;');
    expect(page.body).not.toContain('<b>now</b>');
    // The only script is our own file.
    expect(page.body.match(/<script/g)).toHaveLength(1);
    expect(page.body).toContain('<script src="/staff/assets/staff.js" defer></script>');
    expect(page.body).toMatch(/<h2 id="summary-heading">Summary<\/h2>/);
    expect(page.body).toMatch(/<h2 id="transcript-heading">Conversation with the bot<\/h2>\s*<ol class="conversation"><li class="line from-client">/);
    expect(page.body).toContain(`data-poll-url="/staff/handoffs/${id}.json"`);
    expect(page.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(page.headers.get('cache-control')).toBe('no-store');

    // The list escapes the summary as well.
    const list = await jana.get('/staff');
    expect(list.body).toContain('&lt;b&gt;now&lt;/b&gt;');
    expect(list.body).not.toContain('<b>now</b>');
  });

  it('serves the ticket as JSON to a signed-in member only (what the page script polls)', async () => {
    const { app, receiver } = await setup();
    const { id, say } = await handoffToJana(app, receiver.url);
    await say('Are you there?');
    expect((await new StaffBrowser(app.url).get(`/staff/handoffs/${id}.json`)).status).toBe(401);
    const jana = new StaffBrowser(app.url);
    await jana.login('jana.novakova', 'demo-jana');
    const res = await jana.get(`/staff/handoffs/${id}.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ticket = JSON.parse(res.body) as { id: string; status: string; messages: { text: string; direction: string }[]; conversationReference?: unknown };
    expect(ticket).toMatchObject({ id, status: 'waiting' });
    expect(ticket.messages).toEqual([expect.objectContaining({ text: 'Are you there?', direction: 'to_manager' })]);
    expect(ticket.conversationReference).toBeUndefined();
  });

  it('shows the partial report form with the fields in words', async () => {
    const { app, receiver } = await setup();
    const say = client(app, receiver.url, 'staff-form');
    await say('I want to report an overdue invoice');
    await say('CZ-2024-10001');
    await say('ACME s.r.o.');
    expect(await say('I want to talk to a person')).toMatch(/our customer-service team/);
    const jana = new StaffBrowser(app.url);
    await jana.login('jana.novakova', 'demo-jana');
    const [ticket] = await app.app.internals.handoff.listFor({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] });
    const page = await jana.get(`/staff/handoffs/${ticket!.id}`);
    expect(page.body).toMatch(/<h2 id="form-heading">Unfinished report<\/h2>\s*<dl class="fields report-fields">/);
    expect(page.body).toContain('<dt>Report</dt><dd>overdue-invoice notification</dd>');
    expect(page.body).toContain('<dt>Buyer</dt><dd>ACME s.r.o.</dd>');
    expect(page.body).not.toMatch(/<dt>buyer[A-Z]|<dt>policyNumber/);
  });
});
