import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AresRegister, aresAddressLine, type AresRegisterOptions } from '../../../platform/businessRegister/aresRegister.js';
import type { BusinessRegister } from '../../../dialogs/businessRegister.js';
import { lookUpRegistration } from '../../../dialogs/businessRegister.js';
import { ConfigError, loadConfig } from '../../../platform/config.js';
import { createLogger } from '../../../platform/logger.js';
import { ARES_ASSECO, ARES_CEZ, ARES_NO_VAT, startFakeAres, type FakeAres } from '../../helpers/fakeAres.js';

const REST_MS = 5 * 60_000;
const TTL_MS = 24 * 3_600_000;

let ares: FakeAres;

beforeAll(async () => {
  ares = await startFakeAres();
});
afterAll(async () => {
  await ares.close();
});
afterEach(() => ares.reset());

/** A clock the test moves by hand; a register on the fake; the warn lines it logged. */
function setup(overrides: Partial<AresRegisterOptions> = {}) {
  let now = Date.parse('2026-03-02T09:00:00Z');
  const lines: { level: number; msg: string; ico?: string; reason?: string; status?: number }[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  const register = new AresRegister({
    baseUrl: ares.url,
    timeoutMs: 1500,
    cacheTtlMs: TTL_MS,
    breakerRestMs: REST_MS,
    clock: { now: () => new Date(now) },
    logger,
    ...overrides,
  });
  return {
    register,
    advance: (ms: number) => void (now += ms),
    warnings: () => lines.filter((l) => l.level === 40),
  };
}

describe('AresRegister', () => {
  it('implements the dialogs port', () => {
    const port: BusinessRegister = setup().register;
    expect(typeof port.lookup).toBe('function');
  });

  it('found: name, VAT id, country and the register’s one-line address', async () => {
    const { register } = setup();
    expect(await register.lookup('45274649')).toEqual({
      status: 'found',
      company: { registrationNumber: '45274649', name: 'ČEZ, a. s.', country: 'CZ', vatId: 'CZ45274649', address: 'Duhová 1444/2, Michle, 14000 Praha 4' },
    });
    expect(await register.lookup('27074358')).toMatchObject({ status: 'found', company: { name: 'Asseco Central Europe, a.s.', vatId: 'CZ27074358', address: 'Budějovická 778/3a, Michle, 14000 Praha 4' } });
    expect(ares.requests).toEqual(['45274649', '27074358']);
    expect(ares.acceptHeaders).toEqual(['application/json', 'application/json']);
  });

  it('found without VAT registration or textovaAdresa: no vatId, the address built from its parts, country CZ by default', async () => {
    const { register } = setup();
    expect(await register.lookup(ARES_NO_VAT.ico)).toEqual({
      status: 'found',
      company: { registrationNumber: '12345679', name: 'Vzorová obchodní s.r.o.', country: 'CZ', address: 'Masarykova 12/5, 60200 Brno' },
    });
  });

  it('the country comes from sidlo.kodStatu; fields it does not use do not matter', async () => {
    ares.companies.set('25596641', { ico: '25596641', obchodniJmeno: 'Pobočka Bratislava', sidlo: { kodStatu: 'SK', textovaAdresa: 'Mlynské nivy 5, 82109 Bratislava', nazevObce: 42 as unknown as string }, czNace: ['6201'] });
    try {
      const { register } = setup();
      expect(await register.lookup('25596641')).toEqual({
        status: 'found',
        company: { registrationNumber: '25596641', name: 'Pobočka Bratislava', country: 'SK', address: 'Mlynské nivy 5, 82109 Bratislava' },
      });
    } finally {
      ares.companies.delete('25596641');
    }
  });

  it('not found: 404 is notFound, and that answer is cached too', async () => {
    const { register } = setup();
    expect(await register.lookup('00006947')).toEqual({ status: 'notFound' });
    expect(await register.lookup('00006947')).toEqual({ status: 'notFound' });
    expect(ares.requests).toEqual(['00006947']);
  });

  it.each([['2707435'], ['270743581'], ['27O74358'], [''], ['../../x'], ['27074358/../45274649'], ['2707 4358'], ['SK12345678']])('%j is not an IČO: notFound without a request', async (input) => {
    const { register } = setup();
    expect(await register.lookup(input)).toEqual({ status: 'notFound' });
    expect(ares.requests).toEqual([]);
  });

  it('a non-string from a careless caller is notFound, not an exception', async () => {
    const { register } = setup();
    expect(await register.lookup(undefined as unknown as string)).toEqual({ status: 'notFound' });
    expect(ares.requests).toEqual([]);
  });

  it('cache: a second lookup of the same IČO asks nobody; after the TTL it asks again', async () => {
    const { register, advance } = setup();
    const first = await register.lookup('45274649');
    expect(await register.lookup('45274649')).toEqual(first);
    expect(ares.requests).toHaveLength(1);
    advance(TTL_MS + 1);
    expect(await register.lookup('45274649')).toEqual(first);
    expect(ares.requests).toHaveLength(2);
  });

  it('the cache is bounded: the least recently used answer is dropped first', async () => {
    const { register } = setup({ cacheSize: 2 });
    await register.lookup(ARES_CEZ.ico);
    await register.lookup(ARES_ASSECO.ico);
    await register.lookup(ARES_CEZ.ico); // CEZ used again: ASSECO is now the oldest
    await register.lookup(ARES_NO_VAT.ico); // drops ASSECO
    await register.lookup(ARES_CEZ.ico);
    expect(ares.requests).toEqual([ARES_CEZ.ico, ARES_ASSECO.ico, ARES_NO_VAT.ico]);
    await register.lookup(ARES_ASSECO.ico);
    expect(ares.requests).toEqual([ARES_CEZ.ico, ARES_ASSECO.ico, ARES_NO_VAT.ico, ARES_ASSECO.ico]);
  });

  it('concurrent lookups of one IČO share one request', async () => {
    const { register } = setup();
    ares.delayMs = 100;
    const results = await Promise.all([register.lookup('27074358'), register.lookup('27074358'), register.lookup('27074358')]);
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'found']);
    expect(ares.requests).toEqual(['27074358']);
  });

  it('timeout: unavailable, logged once at warn with the reason, then the breaker answers without a request', async () => {
    const { register, warnings } = setup({ timeoutMs: 200 });
    ares.delayMs = 5000;
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
    expect(ares.requests).toEqual(['45274649']);
    ares.delayMs = 0;
    expect(await register.lookup('27074358')).toEqual({ status: 'unavailable' });
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
    expect(ares.requests).toEqual(['45274649']);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ ico: '45274649', reason: 'timeout' });
  });

  it('requests under way when ARES fails are logged once, not once each', async () => {
    const { register, warnings } = setup();
    ares.status = 503;
    ares.delayMs = 50;
    const results = await Promise.all([register.lookup('45274649'), register.lookup('27074358'), register.lookup('12345679')]);
    expect(results).toEqual([{ status: 'unavailable' }, { status: 'unavailable' }, { status: 'unavailable' }]);
    expect(ares.requests).toHaveLength(3);
    expect(warnings()).toHaveLength(1);
  });

  it('500: unavailable and not cached; the breaker is open for the rest period, then one trial request closes it', async () => {
    const { register, advance, warnings } = setup();
    ares.status = 500;
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
    expect(warnings()[0]).toMatchObject({ ico: '45274649', reason: 'status', status: 500 });
    ares.status = undefined;
    advance(REST_MS - 1);
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
    expect(await register.lookup('00006947')).toEqual({ status: 'unavailable' });
    expect(ares.requests).toHaveLength(1);
    advance(1);
    expect(await register.lookup('45274649')).toMatchObject({ status: 'found' });
    expect(await register.lookup('27074358')).toMatchObject({ status: 'found' });
    expect(ares.requests).toEqual(['45274649', '45274649', '27074358']);
    expect(warnings()).toHaveLength(1);
  });

  it('a failed trial opens the breaker for another rest period', async () => {
    const { register, advance, warnings } = setup();
    ares.status = 503;
    await register.lookup('45274649');
    advance(REST_MS);
    expect(await register.lookup('27074358')).toEqual({ status: 'unavailable' });
    expect(ares.requests).toEqual(['45274649', '27074358']);
    ares.status = undefined;
    advance(REST_MS - 1);
    expect(await register.lookup('27074358')).toEqual({ status: 'unavailable' });
    expect(ares.requests).toHaveLength(2);
    advance(1);
    expect(await register.lookup('27074358')).toMatchObject({ status: 'found' });
    expect(warnings()).toHaveLength(2);
  });

  it('while the trial request is in flight, other lookups answer unavailable without a request', async () => {
    const { register, advance } = setup();
    ares.status = 500;
    await register.lookup('45274649');
    ares.status = undefined;
    advance(REST_MS);
    ares.delayMs = 100;
    const trial = register.lookup('45274649');
    expect(await register.lookup('27074358')).toEqual({ status: 'unavailable' });
    expect(await trial).toMatchObject({ status: 'found' });
    expect(ares.requests).toEqual(['45274649', '45274649']);
    ares.delayMs = 0;
    expect(await register.lookup('27074358')).toMatchObject({ status: 'found' });
  });

  it('network error (nothing listening): unavailable, breaker open', async () => {
    const closed = await startFakeAres();
    const url = closed.url;
    await closed.close();
    const { register, warnings } = setup({ baseUrl: url });
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
    expect(await register.lookup('27074358')).toEqual({ status: 'unavailable' });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ ico: '45274649', reason: 'network' });
  });

  it('bad JSON: unavailable, not cached, asked again next time (a broken answer is not an outage)', async () => {
    const { register, warnings } = setup();
    ares.badJson = true;
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
    expect(warnings()[0]).toMatchObject({ ico: '45274649', reason: 'invalid_response' });
    ares.badJson = false;
    expect(await register.lookup('45274649')).toMatchObject({ status: 'found' });
    expect(ares.requests).toHaveLength(2);
  });

  it('JSON without a business name: unavailable', async () => {
    ares.companies.set('25596641', { ico: '25596641', sidlo: { kodStatu: 'CZ' } } as never);
    try {
      const { register } = setup();
      expect(await register.lookup('25596641')).toEqual({ status: 'unavailable' });
    } finally {
      ares.companies.delete('25596641');
    }
  });

  it('a trailing slash in the base URL makes no double slash', async () => {
    const { register } = setup({ baseUrl: `${ares.url}/` });
    expect(await register.lookup('45274649')).toMatchObject({ status: 'found' });
  });

  it('a fetch that throws synchronously is unavailable, not an exception', async () => {
    const { register } = setup({
      fetch: (() => {
        throw new Error('boom');
      }) as unknown as typeof fetch,
    });
    expect(await register.lookup('45274649')).toEqual({ status: 'unavailable' });
  });
});

describe('aresAddressLine', () => {
  it('prefers textovaAdresa, else street, numbers, PSČ and town', () => {
    expect(aresAddressLine({ textovaAdresa: 'Duhová 1444/2, 14000 Praha 4', nazevUlice: 'X' })).toBe('Duhová 1444/2, 14000 Praha 4');
    expect(aresAddressLine({ nazevUlice: 'Budějovická', cisloDomovni: 778, cisloOrientacni: 3, cisloOrientacniPismeno: 'a', psc: 14000, nazevObce: 'Praha' })).toBe('Budějovická 778/3a, 14000 Praha');
    // A village without streets: the part of the municipality and the house number.
    expect(aresAddressLine({ nazevCastiObce: 'Lhota', cisloDomovni: 15, psc: 39601, nazevObce: 'Humpolec' })).toBe('Lhota 15, 39601 Humpolec');
    expect(aresAddressLine({})).toBeUndefined();
    expect(aresAddressLine(undefined)).toBeUndefined();
  });
});

describe('lookUpRegistration', () => {
  it('is unavailable without a register, and when one throws', async () => {
    expect(await lookUpRegistration(undefined, '45274649')).toEqual({ status: 'unavailable' });
    expect(await lookUpRegistration({ lookup: () => Promise.reject(new Error('x')) }, '45274649')).toEqual({ status: 'unavailable' });
    expect(await lookUpRegistration({ lookup: () => Promise.resolve({ status: 'notFound' }) }, '45274649')).toEqual({ status: 'notFound' });
  });
});

describe('ARES configuration', () => {
  it('defaults to the public ARES, 1500 ms, 24 h cache, 5 min breaker; an empty ARES_URL turns the lookup off', () => {
    expect(loadConfig({})).toMatchObject({ ARES_URL: 'https://ares.gov.cz/ekonomicke-subjekty-v-be/rest', ARES_TIMEOUT_MS: 1500, ARES_CACHE_HOURS: 24, ARES_BREAKER_MINUTES: 5 });
    expect(loadConfig({ ARES_URL: '' }).ARES_URL).toBe('');
    expect(loadConfig({ ARES_URL: 'http://127.0.0.1:8080/rest' }).ARES_URL).toBe('http://127.0.0.1:8080/rest');
  });

  it.each([
    [{ ARES_URL: 'ftp://ares.gov.cz/rest' }, 'ARES_URL'],
    [{ ARES_URL: 'ares.gov.cz' }, 'ARES_URL'],
    [{ ARES_URL: 'https://ares.gov.cz/rest?x=1' }, 'ARES_URL'],
    [{ ARES_TIMEOUT_MS: '50' }, 'ARES_TIMEOUT_MS'],
    [{ ARES_TIMEOUT_MS: '60000' }, 'ARES_TIMEOUT_MS'],
    [{ ARES_CACHE_HOURS: 'a day' }, 'ARES_CACHE_HOURS'],
    [{ ARES_BREAKER_MINUTES: '-1' }, 'ARES_BREAKER_MINUTES'],
  ])('stops start-up naming the variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });
});
