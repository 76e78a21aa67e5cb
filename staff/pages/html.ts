import escapeHtml from 'escape-html';

/** Markup that is already safe to put in a page (built by `html`, never from raw input). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function interpolate(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is itself `html` output, so
 * a page cannot forget to escape a client's message: `html\`<p>${text}</p>\``. Arrays are
 * joined; null, undefined and false render as nothing (handy for conditional fragments).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += interpolate(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup from a constant (never from input). */
export function rawHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
