/**
 * The business register a report form checks a buyer's registration number against (the Czech
 * ARES implements it: platform/businessRegister/aresRegister.ts, wired in app/compose/bot.ts).
 */

/** A company as the register knows it. */
export interface RegisteredCompany {
  /** The number looked up (for ARES: the eight-digit IČO). */
  registrationNumber: string;
  /** The registered business name. */
  name: string;
  /** ISO 3166-1 alpha-2 country of the registered office, e.g. 'CZ'. */
  country: string;
  /** VAT id (e.g. 'CZ27074358'); absent when the company is not VAT-registered. */
  vatId?: string;
  /** Registered office on one line, as the register writes it. */
  address?: string;
}

/**
 * `notFound`: the register has no such company (or the number is not one it could hold);
 * `unavailable`: the register could not be asked (timeout, network, its error, its circuit
 * breaker open): the form goes on without it and never tells the client the number is wrong.
 */
export type RegisterLookup = { status: 'found'; company: RegisteredCompany } | { status: 'notFound' } | { status: 'unavailable' };

/** Looks a registration number up; never throws (every failure is `unavailable`). */
export interface BusinessRegister {
  lookup(registrationNumber: string): Promise<RegisterLookup>;
}

export const REGISTER_UNAVAILABLE: RegisterLookup = Object.freeze({ status: 'unavailable' });

/**
 * For callers: `unavailable` when no register is configured (DialogServices.businessRegister
 * unset) or, against the contract, it throws.
 */
export async function lookUpRegistration(register: BusinessRegister | undefined, registrationNumber: string): Promise<RegisterLookup> {
  if (!register) return REGISTER_UNAVAILABLE;
  try {
    return await register.lookup(registrationNumber);
  } catch {
    return REGISTER_UNAVAILABLE;
  }
}
