/**
 * Why an answer was rejected. The codes are stable keys: the locale catalogue maps each one to a
 * sentence in Czech and English, and `params` fill that sentence's placeholders.
 */
export const validationReasons = [
  'input.empty',
  'input.tooLong',
  'ico.format',
  'ico.checksum',
  'vat.format',
  'vat.checksum',
  'amount.format',
  'amount.notPositive',
  'amount.tooManyDecimals',
  'amount.tooLarge',
  'amount.currencyConflict',
  'currency.unknown',
  'currency.notMonetary',
  'date.invalid',
  'date.impossible',
  'date.ambiguous',
  'date.yearOutOfRange',
  'yesno.unclear',
  'name.tooShort',
  'name.tooLong',
  'name.noLetters',
  'email.format',
  'email.tooLong',
  'phone.format',
  'phone.length',
  'policy.format',
  'policy.length',
  'invoice.format',
  'invoice.tooLong',
] as const;

export type ValidationReason = (typeof validationReasons)[number];

export type ValidationParams = Record<string, string | number>;

export type ValidationResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: ValidationReason; params?: ValidationParams };

export type ValidationFailure = Extract<ValidationResult<never>, { ok: false }>;

export function accept<T>(value: T): ValidationResult<T> {
  return { ok: true, value };
}

export function reject(reason: ValidationReason, params?: ValidationParams): ValidationFailure {
  return params === undefined ? { ok: false, reason } : { ok: false, reason, params };
}
