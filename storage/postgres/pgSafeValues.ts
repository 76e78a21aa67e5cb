import pg from 'pg';

/** Lone UTF-16 surrogates: valid in a JavaScript string, refused by PostgreSQL text and jsonb. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string PostgreSQL accepts: NUL and lone surrogates become U+FFFD (the replacement character). */
export function pgSafeString(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
  return text.replace(/\u0000/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A query parameter PostgreSQL accepts, whatever a client typed into it: strings are made safe,
 * arrays element by element, objects serialised to JSON (as pg itself would) with their strings
 * made safe. A message with a NUL byte must not make the state save, the transcript row or
 * the answer log row fail.
 */
export function pgSafeValue(value: unknown): unknown {
  if (typeof value === 'string') return pgSafeString(value);
  if (Array.isArray(value)) return value.map(pgSafeValue);
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (typeof (value as { toPostgres?: unknown }).toPostgres === 'function') return value;
  return pgJson(value);
}

/** JSON for a jsonb parameter, with every string (and key) made safe first; use it for arrays, which pg would otherwise send as a PostgreSQL array. */
export function pgJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'string') return pgSafeString(v);
    // Keys too: a client's text can become a property name (an answer id, a field value).
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => pgSafeString(k) !== k)) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [pgSafeString(k), inner]));
    }
    return v;
  });
}

/**
 * Makes every connection of the pool pass its parameters through pgSafeValue on their way to
 * the server, so no store can forget it (the boundary is the driver, not each query).
 */
export function sanitizeParameters(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (Array.isArray(args[1])) args[1] = args[1].map(pgSafeValue);
      else if (args[0] && typeof args[0] === 'object' && Array.isArray((args[0] as { values?: unknown }).values)) {
        const config = args[0] as { values: unknown[] };
        config.values = config.values.map(pgSafeValue);
      }
      return query(...args);
    };
  });
}
