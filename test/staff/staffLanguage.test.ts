import { afterEach, describe, expect, it } from 'vitest';
import { languageFromAcceptLanguage } from '../../staff/pages/pageLanguage.js';
import { labelOf } from '../../staff/pages/texts.js';
import { reportFields, type TicketViewContext } from '../../staff/pages/ticketFormat.js';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { StaffBrowser } from './staffBrowser.js';

describe('staff page language from Accept-Language (#19)', () => {
  it.each([
    ['cs-CZ,cs;q=0.9,en;q=0.8', 'cs'],
    ['en-US,en;q=0.9,cs;q=0.8', 'en'],
    ['de-DE,sk;q=0.7', 'cs'],
    ['en;q=0.5,cs;q=0.9', 'cs'],
    ['cs;q=0,en', 'en'],
    ['de-DE', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, lang) => {
    expect(languageFromAcceptLanguage(header)).toBe(lang);
  });

  it('labels internal values in words, and keeps unknown ones', () => {
    expect(labelOf('en', 'channel', 'directline')).toBe('Website chat');
    expect(labelOf('cs', 'channel', 'msteams')).toBe('Microsoft Teams');
    expect(labelOf('cs', 'lang', 'cs')).toBe('čeština');
    expect(labelOf('en', 'reason', 'requested')).toBe('the client asked for a person');
    expect(labelOf('en', 'channel', 'slack')).toBe('slack');
  });

  it('an unfinished report shows the form fields in words', () => {
    const ctx: TicketViewContext = { lang: 'cs', timeZone: 'Europe/Prague', nameOf: (id) => id, now: 0 };
    const out = String(reportFields({ kind: 'claim', asked: 'buyerRegistrationNumber', values: { policyNumber: 'CZ-2024-10001', buyer: { name: 'ACME', registrationNumber: '27074358' }, invoices: [], disputed: false } }, ctx));
    expect(out).toContain('<dt>Skončilo u kroku</dt><dd>IČO odběratele</dd>');
    expect(out).toContain('<dt>IČO odběratele</dt><dd>27074358</dd>');
    expect(out).toContain('<dt>Odběratel dluh rozporuje</dt><dd>ne</dd>');
    expect(out).not.toMatch(/buyerRegistrationNumber|registrationNumber</);
  });
});

describe('the staff pages in the browser’s language', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.stop();
  });

  it('a cs-CZ browser gets Czech pages (sign-in and list); ?lang=en still switches and is remembered', async () => {
    app = await startTestApp();
    const browser = new StaffBrowser(app.url, { 'accept-language': 'cs-CZ,cs;q=0.9,en;q=0.8' });
    const login = await browser.get('/staff/login');
    expect(login.body).toContain('<html lang="cs">');
    expect(login.body).toContain('Přihlášení do pracoviště zaměstnanců');
    await browser.post('/staff/login', { id: 'jana.novakova', password: 'demo-jana', csrf: browser.csrf() });
    const list = await browser.get('/staff');
    expect(list.body).toContain('<h1>Otevřená předání a zpětná volání</h1>');
    expect((await browser.get('/staff?lang=en')).body).toContain('<html lang="en">');
    expect((await browser.get('/staff')).body).toContain('<html lang="en">');
  });
});
