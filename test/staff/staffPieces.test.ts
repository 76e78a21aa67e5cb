import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readCookies, serializeCookie } from '../../staff/pages/cookies.js';
import { html, rawHtml } from '../../staff/pages/html.js';
import { renderStaffPage } from '../../staff/pages/layout.js';
import { LoginThrottle } from '../../staff/pages/loginThrottle.js';
import { cameOverHttps, isSameOriginPost, sameSecret, secureCookies } from '../../staff/pages/requestSecurity.js';
import { safeReturnPath } from '../../staff/pages/sessionGuard.js';
import { MemorySessionStore } from '../../staff/pages/sessionStore.js';

const MINUTE = 60_000;

function fakeRequest(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: { encrypted, localPort: 3978 } } as unknown as IncomingMessage;
}

describe('MemorySessionStore', () => {
  const make = () => {
    const clock = { now: 0 };
    const store = new MemorySessionStore({ ttlMs: 480 * MINUTE, idleMs: 60 * MINUTE, now: () => clock.now });
    return { clock, store };
  };

  it('creates sessions with random 32-byte ids and CSRF tokens', async () => {
    const { store } = make();
    const a = await store.create('jana.novakova');
    const b = await store.create('jana.novakova');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(await store.touch(a.id)).toMatchObject({ memberId: 'jana.novakova', csrfToken: a.csrfToken });
    expect(await store.touch('unknown')).toBeUndefined();
  });

  it('ends a session after an hour idle, but activity keeps it alive', async () => {
    const { clock, store } = make();
    const session = await store.create('jana.novakova');
    clock.now = 59 * MINUTE;
    expect(await store.touch(session.id)).toBeDefined();
    clock.now = 118 * MINUTE;
    expect(await store.touch(session.id)).toBeDefined();
    clock.now = 178 * MINUTE;
    expect(await store.touch(session.id)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('ends a session after the absolute lifetime however busy', async () => {
    const { clock, store } = make();
    const session = await store.create('jana.novakova');
    for (let minute = 30; minute < 480; minute += 30) {
      clock.now = minute * MINUTE;
      expect(await store.touch(session.id)).toBeDefined();
    }
    clock.now = 480 * MINUTE;
    expect(await store.touch(session.id)).toBeUndefined();
  });

  it('deletes on sign-out and forgets expired sessions at the next sign-in', async () => {
    const { clock, store } = make();
    const a = await store.create('a');
    await store.delete(a.id);
    expect(await store.touch(a.id)).toBeUndefined();
    await store.create('b');
    clock.now = 61 * MINUTE;
    await store.create('c');
    expect(store.size).toBe(1);
  });
});

describe('LoginThrottle', () => {
  const SECOND = 1000;
  function throttleAt(maxFailures = 5) {
    const clock = { now: 0 };
    return { clock, throttle: new LoginThrottle({ maxFailures, windowMs: 15 * MINUTE, now: () => clock.now }) };
  }
  const jana = { staffId: 'jana.novakova', address: '10.0.0.1' };

  it('slows one (id, address) pair progressively, then locks it until the window has passed', async () => {
    const { clock, throttle } = throttleAt();
    await throttle.recordFailure(jana);
    await throttle.recordFailure(jana);
    expect(await throttle.retryAfterSeconds(jana)).toBe(0);
    await throttle.recordFailure(jana);
    expect(await throttle.retryAfterSeconds(jana)).toBe(2);
    clock.now += 2 * SECOND;
    expect(await throttle.retryAfterSeconds(jana)).toBe(0);
    await throttle.recordFailure(jana);
    expect(await throttle.retryAfterSeconds(jana)).toBe(4);
    clock.now += 4 * SECOND;
    await throttle.recordFailure(jana);
    // Five failures, the first at 0: locked until 15 minutes after it.
    expect(await throttle.retryAfterSeconds(jana)).toBe(15 * 60 - 6);
    clock.now = 15 * MINUTE;
    expect(await throttle.retryAfterSeconds(jana)).toBe(0);
  });

  it("another address's failures against the same id do not lock the pair; a guesser's own pair is locked", async () => {
    const { throttle } = throttleAt();
    const guesser = { staffId: 'jana.novakova', address: '203.0.113.9' };
    for (let i = 0; i < 5; i++) await throttle.recordFailure(guesser);
    expect(await throttle.retryAfterSeconds(guesser)).toBeGreaterThan(60);
    expect(await throttle.retryAfterSeconds(jana)).toBe(0);
  });

  it('a known device is never locked by failures from elsewhere, even when the id is under attack from many addresses', async () => {
    const { throttle } = throttleAt();
    const device = await throttle.recordSuccess(jana);
    for (let i = 0; i < 40; i++) await throttle.recordFailure({ staffId: 'jana.novakova', address: `198.51.100.${i}` });
    // A new address is now refused for this id (distributed guessing)…
    expect(await throttle.retryAfterSeconds({ staffId: 'jana.novakova', address: '192.0.2.1' })).toBeGreaterThan(0);
    // …but Jana's own browser signs in as usual, and keeps its token.
    expect(await throttle.retryAfterSeconds({ ...jana, device })).toBe(0);
    expect(await throttle.recordSuccess({ ...jana, device })).toBe(device);
    // A device token proves nothing for another staff id.
    expect(await throttle.retryAfterSeconds({ staffId: 'jana.novakova', address: '192.0.2.1', device: 'forged' })).toBeGreaterThan(0);
  });

  it('behind one proxy address, one colleague locked out does not lock out the others', async () => {
    const { throttle } = throttleAt();
    const petr = { staffId: 'petr.svoboda', address: '10.0.0.1' };
    for (let i = 0; i < 5; i++) await throttle.recordFailure(petr);
    expect(await throttle.retryAfterSeconds(petr)).toBeGreaterThan(60);
    expect(await throttle.retryAfterSeconds(jana)).toBe(0);
  });

  it('many ids guessed from one address hit the shared per-address allowance', async () => {
    const { throttle } = throttleAt(2);
    for (let i = 0; i < 8; i++) await throttle.recordFailure({ staffId: `id-${i}`, address: '203.0.113.9' });
    expect(await throttle.retryAfterSeconds({ staffId: 'jana.novakova', address: '203.0.113.9' })).toBeGreaterThan(0);
  });
});

describe('html', () => {
  it('escapes interpolated values, keeps nested html, drops empty values', () => {
    const name = '<img src=x onerror=alert(1)>';
    const out = html`<p title="${'"quoted"'}">${name} ${html`<b>${'&'}</b>`} ${[html`<i>1</i>`, '<2>']}${undefined}${null}${false}${0}</p>`;
    expect(out.value).toBe('<p title="&quot;quoted&quot;">&lt;img src=x onerror=alert(1)&gt; <b>&amp;</b> <i>1</i>&lt;2&gt;0</p>');
    expect(html`${rawHtml('<hr>')}`.value).toBe('<hr>');
  });
});

describe('renderStaffPage (shared layout for later staff pages)', () => {
  it('escapes the title, offers sign-out with the token, links only our own assets', () => {
    const page = renderStaffPage('<Insights>', html`<p>${'body & more'}</p>`, { id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] }, { csrfToken: 'tok', path: '/staff/insights' });
    expect(page).toContain('<h1>&lt;Insights&gt;</h1>');
    expect(page).toContain('<p>body &amp; more</p>');
    expect(page).toMatch(/<form method="post" action="\/staff\/logout" class="inline"><input type="hidden" name="csrf" value="tok">/);
    expect(page).toContain('href="/staff/insights?lang=cs"');
    expect(page).toContain('<link rel="stylesheet" href="/staff/assets/staff.css">');
    expect(page).not.toMatch(/\s(style|on\w+)=/);
  });

  it('has no account navigation when nobody is signed in', () => {
    const page = renderStaffPage('Sign in', '<p>x</p>', undefined, { lang: 'cs' });
    expect(page).toContain('<html lang="cs">');
    expect(page).not.toContain('/staff/logout');
  });
});

describe('cookies', () => {
  it('reads the Cookie header (first wins, malformed ignored) and writes strict cookies', () => {
    const cookies = readCookies(fakeRequest({ cookie: 'a=1; staff_session=abc; a=2; bad=%E0%A4%A; quoted="x y"' }));
    expect(cookies.get('a')).toBe('1');
    expect(cookies.get('staff_session')).toBe('abc');
    expect(cookies.has('bad')).toBe(false);
    expect(cookies.get('quoted')).toBe('x y');
    expect(serializeCookie('staff_session', 'v', { path: '/staff', secure: true, maxAge: 60 })).toBe('staff_session=v; Path=/staff; Max-Age=60; HttpOnly; SameSite=Strict; Secure');
  });
});

describe('request security', () => {
  it('decides Secure from the setting and the scheme', () => {
    expect(cameOverHttps(fakeRequest({ 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(cameOverHttps(fakeRequest({}, true))).toBe(true);
    expect(secureCookies(fakeRequest({}), 'auto')).toBe(false);
    expect(secureCookies(fakeRequest({}), 'true')).toBe(true);
    expect(secureCookies(fakeRequest({ 'x-forwarded-proto': 'https' }), 'false')).toBe(false);
  });

  it('accepts a POST from our own origin or without Origin/Referer, refuses other origins and null', () => {
    const host = { host: 'staff.example:3978' };
    expect(isSameOriginPost(fakeRequest(host), 0)).toBe(true);
    expect(isSameOriginPost(fakeRequest({ ...host, origin: 'http://staff.example:3978' }), 0)).toBe(true);
    expect(isSameOriginPost(fakeRequest({ ...host, referer: 'http://staff.example:3978/staff/handoffs/HO-1' }), 0)).toBe(true);
    expect(isSameOriginPost(fakeRequest({ ...host, origin: 'http://evil.example' }), 0)).toBe(false);
    expect(isSameOriginPost(fakeRequest({ ...host, origin: 'null' }), 0)).toBe(false);
    expect(isSameOriginPost(fakeRequest({ ...host, referer: 'http://staff.example.evil.example/' }), 0)).toBe(false);
    // Over HTTPS, a plain-http origin of the same host is another origin.
    expect(isSameOriginPost(fakeRequest({ ...host, 'x-forwarded-proto': 'https', origin: 'http://staff.example:3978' }), 0)).toBe(false);
  });

  it('compares secrets exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'ab')).toBe(false);
    expect(sameSecret('abc', undefined)).toBe(false);
    expect(sameSecret('abc', ['abc'])).toBe(false);
  });

  it('returns after sign-in only to staff pages', () => {
    expect(safeReturnPath('/staff')).toBe('/staff');
    expect(safeReturnPath('/staff/handoffs/HO-1')).toBe('/staff/handoffs/HO-1');
    expect(safeReturnPath('/staff/insights')).toBe('/staff/insights');
    for (const bad of ['//evil.example', 'https://evil.example/staff', '/staff/../api', '/staffx', '/staff//evil', '/staff/a?x=1', undefined, 42]) expect(safeReturnPath(bad)).toBeUndefined();
  });
});
