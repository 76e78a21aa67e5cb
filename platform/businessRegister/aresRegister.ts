import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/**
 * The Czech business register ARES (ares.gov.cz, public REST API, no key): a company by its IČO.
 * Implements dialogs/businessRegister.ts's BusinessRegister structurally (platform/ imports
 * nothing of the layers above); the types below mirror it.
 *
 * Never throws. A timeout, network error, 5xx or 429 opens a circuit breaker: for `breakerRestMs`
 * every lookup answers `unavailable` at once, then one trial request decides. Found and not-found
 * answers are cached (TTL, least recently used evicted); `unavailable` never is. Concurrent
 * lookups of one IČO share one request.
 */

export interface AresCompany {
  registrationNumber: string;
  name: string;
  /** ISO 3166-1 alpha-2, from sidlo.kodStatu (default CZ). */
  country: string;
  vatId?: string;
  address?: string;
}

export type AresLookup = { status: 'found'; company: AresCompany } | { status: 'notFound' } | { status: 'unavailable' };

export interface AresRegisterOptions {
  /** e.g. https://ares.gov.cz/ekonomicke-subjekty-v-be/rest (no trailing path). */
  baseUrl: string;
  /** Whole request, body included. */
  timeoutMs: number;
  /** How long a found or not-found answer is reused. */
  cacheTtlMs: number;
  /** Answers kept at most (least recently used dropped first); default 1000. */
  cacheSize?: number;
  /** After a failure, how long every lookup answers `unavailable` without a request. */
  breakerRestMs: number;
  clock: Clock;
  logger?: Logger;
  /** Tests may inject one; default the global fetch. */
  fetch?: typeof fetch;
}

/** Only these are ever put into a URL: an IČO is exactly eight digits. */
const ICO = /^\d{8}$/;
const COUNTRY = /^[A-Z]{2}$/;

const text = z.string().trim().min(1);
const numberOrText = z.union([z.number().int().nonnegative(), text]);

/** Lenient: only the fields used, anything else ignored; a bad optional field is dropped, not fatal. */
const addressSchema = z.object({
  kodStatu: text.optional().catch(undefined),
  nazevObce: text.optional().catch(undefined),
  nazevCastiObce: text.optional().catch(undefined),
  nazevUlice: text.optional().catch(undefined),
  cisloDomovni: numberOrText.optional().catch(undefined),
  cisloOrientacni: numberOrText.optional().catch(undefined),
  cisloOrientacniPismeno: text.optional().catch(undefined),
  psc: numberOrText.optional().catch(undefined),
  textovaAdresa: text.optional().catch(undefined),
});

const subjectSchema = z.object({
  obchodniJmeno: text,
  dic: text.optional().catch(undefined),
  sidlo: addressSchema.optional().catch(undefined),
});

type AresAddress = z.infer<typeof addressSchema>;

/** One line: the register's own text, else "street 1683/127, 14000 Praha" from the parts. */
export function aresAddressLine(sidlo: AresAddress | undefined): string | undefined {
  if (!sidlo) return undefined;
  if (sidlo.textovaAdresa) return sidlo.textovaAdresa;
  const orientation = sidlo.cisloOrientacni !== undefined ? `${sidlo.cisloOrientacni}${sidlo.cisloOrientacniPismeno ?? ''}` : undefined;
  const number = [sidlo.cisloDomovni, orientation].filter((part) => part !== undefined).join('/');
  const street = [sidlo.nazevUlice ?? (sidlo.cisloDomovni !== undefined ? (sidlo.nazevCastiObce ?? sidlo.nazevObce) : undefined), number].filter(Boolean).join(' ');
  const psc = sidlo.psc !== undefined ? String(sidlo.psc).padStart(5, '0') : undefined;
  const town = [psc, sidlo.nazevObce].filter(Boolean).join(' ');
  const line = [street, town].filter(Boolean).join(', ');
  return line || undefined;
}

type Failure = { reason: 'timeout' | 'network' | 'status' | 'invalid_response'; status?: number; code?: string; opensBreaker: boolean };

interface CacheEntry {
  result: AresLookup;
  expiresAt: number;
}

const NOT_FOUND: AresLookup = Object.freeze({ status: 'notFound' });
const UNAVAILABLE: AresLookup = Object.freeze({ status: 'unavailable' });

export class AresRegister {
  private readonly baseUrl: string;
  private readonly cacheSize: number;
  private readonly fetchImpl: typeof fetch;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<AresLookup>>();
  /** Breaker: closed (undefined), open until this time (ms), or a trial request in flight. */
  private openUntil: number | undefined;
  private trialInFlight = false;

  constructor(private readonly options: AresRegisterOptions) {
    let baseUrl = options.baseUrl;
    while (baseUrl.endsWith('/')) baseUrl = baseUrl.slice(0, -1);
    this.baseUrl = baseUrl;
    this.cacheSize = Math.max(1, options.cacheSize ?? 1000);
    this.fetchImpl = options.fetch ?? fetch;
  }

  async lookup(registrationNumber: string): Promise<AresLookup> {
    try {
      const ico = typeof registrationNumber === 'string' ? registrationNumber.trim() : '';
      if (!ICO.test(ico)) return NOT_FOUND;
      const cached = this.cached(ico);
      if (cached) return cached;
      const shared = this.inFlight.get(ico);
      if (shared) return await shared;
      if (!this.mayRequest()) return UNAVAILABLE;
      const request = this.request(ico).finally(() => this.inFlight.delete(ico));
      this.inFlight.set(ico, request);
      return await request;
    } catch {
      return UNAVAILABLE;
    }
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private cached(ico: string): AresLookup | undefined {
    const entry = this.cache.get(ico);
    if (!entry) return undefined;
    this.cache.delete(ico);
    if (entry.expiresAt <= this.now()) return undefined;
    this.cache.set(ico, entry); // most recently used last
    return entry.result;
  }

  private remember(ico: string, result: AresLookup): void {
    this.cache.delete(ico);
    this.cache.set(ico, { result, expiresAt: this.now() + this.options.cacheTtlMs });
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  /** Closed: yes. Open: no until the rest is over, then one trial (the others wait for its outcome). */
  private mayRequest(): boolean {
    if (this.openUntil === undefined) return true;
    if (this.trialInFlight || this.now() < this.openUntil) return false;
    this.trialInFlight = true;
    return true;
  }

  private async request(ico: string): Promise<AresLookup> {
    const trial = this.trialInFlight;
    let outcome: Awaited<ReturnType<AresRegister['fetchSubject']>>;
    try {
      outcome = await this.fetchSubject(ico);
    } finally {
      if (trial) this.trialInFlight = false;
    }
    if ('failure' in outcome) {
      const { failure } = outcome;
      if (failure.opensBreaker) {
        // Requests that were already under way when the breaker opened: logged once, by the first.
        const alreadyOpen = !trial && this.openUntil !== undefined;
        this.openUntil = this.now() + this.options.breakerRestMs;
        if (!alreadyOpen) this.options.logger?.warn(
          { ico, reason: failure.reason, ...(failure.status ? { status: failure.status } : {}), ...(failure.code ? { code: failure.code } : {}), restMs: this.options.breakerRestMs, trial },
          trial ? 'ARES still unavailable: lookups answer "unavailable" for another rest period' : 'ARES unavailable: lookups answer "unavailable" for the rest period',
        );
      } else {
        this.options.logger?.warn({ ico, reason: failure.reason, ...(failure.status ? { status: failure.status } : {}) }, 'ARES gave an answer that could not be used');
      }
      return UNAVAILABLE;
    }
    if (this.openUntil !== undefined) {
      this.openUntil = undefined;
      this.options.logger?.info('ARES reachable again');
    }
    this.remember(ico, outcome.result);
    return outcome.result;
  }

  private async fetchSubject(ico: string): Promise<{ result: AresLookup } | { failure: Failure }> {
    let response: Response;
    let body: unknown;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/ekonomicke-subjekty/${ico}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (response.status === 404 || response.status === 400) {
        await response.body?.cancel().catch(() => undefined);
        return { result: NOT_FOUND };
      }
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel().catch(() => undefined);
        return { failure: { reason: 'status', status: response.status, opensBreaker: true } };
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        return { failure: { reason: 'status', status: response.status, opensBreaker: false } };
      }
      const raw = await response.text();
      try {
        body = JSON.parse(raw);
      } catch {
        return { failure: { reason: 'invalid_response', status: 200, opensBreaker: false } };
      }
    } catch (error) {
      return { failure: fetchFailure(error) };
    }
    const parsed = subjectSchema.safeParse(body);
    if (!parsed.success) return { failure: { reason: 'invalid_response', status: 200, opensBreaker: false } };
    const subject = parsed.data;
    const country = subject.sidlo?.kodStatu?.toUpperCase();
    const address = aresAddressLine(subject.sidlo);
    const company: AresCompany = {
      registrationNumber: ico,
      name: subject.obchodniJmeno,
      country: country && COUNTRY.test(country) ? country : 'CZ',
      ...(subject.dic ? { vatId: subject.dic.toUpperCase() } : {}),
      ...(address ? { address } : {}),
    };
    return { result: { status: 'found', company } };
  }
}

/** Timeout or network, with the system error code (ECONNREFUSED, ENOTFOUND …) when there is one. */
function fetchFailure(error: unknown): Failure {
  const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return { reason: 'timeout', opensBreaker: true };
  const cause = error instanceof Error && typeof error.cause === 'object' && error.cause !== null ? (error.cause as { code?: unknown }) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return { reason: 'network', ...(code ? { code } : {}), opensBreaker: true };
}
